"""Which identity document an upload is (pure). The upload names its slot; such files are
stored encrypted (services.py), and the case checklist asks for them by slot."""

ID_DOCUMENT_SLOTS = ("id_front", "id_back", "business_licence")

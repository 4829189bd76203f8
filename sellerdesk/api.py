from ninja import NinjaAPI

api = NinjaAPI(title="sellerdesk", version="1")

"""Seller University's training events: phone consultations, live online sessions and city
salons, with registration, a waiting list, attendance, reminders and calendar (.ics) files.

models.py     TrainingEvent, Registration (models of the ``knowledge`` app)
services.py   events and registrations: create, update, cancel, register, cancel a place
attendance.py attendance marks and the day-before reminders
selectors.py  upcoming events, one's registrations, attendance lists, statistics
ics.py        calendar files (pure)
views.py      the pages: events, an event, my registrations, staff attendance and statistics
urls.py       their routes, included by ``knowledge/urls.py`` under /university/
"""

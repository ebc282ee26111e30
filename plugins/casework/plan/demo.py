"""Demonstration support plans: invented goals of invented people, with owners, one action overdue, and a review."""

from __future__ import annotations

from datetime import timedelta

from plugins.casework.plan import service

# (domain, goal, [(action, owner organisation, due in days from drawing up, statuses it has moved through)])
GOALS = (
    ("housing", "A flat of my own, away from the group's part of town.",
     (("Apply for a rental flat with the city's housing services.", "Housing services of {city}", 21,
       ("in_progress", "done")),
      ("Visit two flats together with the worker.", "Housing services of {city}", 45, ("in_progress",)))),
    ("work_and_education", "Start the vocational course in the spring term.",
     (("Meet the study counsellor about the application.", "Youth services of {city}", 400, ()),)),
    ("ideology_and_mentoring", "Talk through the group's ideas with someone who left it.",
     (("Arrange a first meeting with a mentor.", "Exit Finland mentoring network", 30, ("done",)),)),
    ("mental_health", "Sleep better and cut down on drinking.",
     (("Book an appointment at the mental-health clinic.", "Health services of {city}", 500, ()),)),
)


def add_demo_plan(store, city, worker, case_id, day) -> None:
    """Draw up a plan for a demo case on `day`, with goals in several domains, actions and one review; the action
    due 45 days after is left in progress, so the dashboard has one overdue action to show."""
    service.draw_up_plan(store, worker, case_id, day + timedelta(days=30), today=day)
    for domain, goal, actions in GOALS:
        number = service.add_goal(store, worker, case_id, domain, goal)
        for what, owner, due_in, moves in actions:
            action = service.add_action(store, worker, case_id, number, what, owner.format(city=city.name),
                                        day + timedelta(days=due_in), today=day)
            for status in moves:
                service.set_action_status(store, worker, case_id, action, status)
    service.review_plan(store, worker, case_id, day + timedelta(days=28),
                        "Housing is moving; the mentor meetings help. Work and study wait for the spring.",
                        day + timedelta(days=28 + 120), today=day + timedelta(days=28))

"""Generated case `number`: a referral in or an intake, screening, consent, an assessment, a plan, contacts,
outcomes, and for some custody, a safety plan, a multi-agency meeting, referrals, closure and follow-up.

The proportions are a programme's in its third year: most cases have passed screening, a third have closed.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from bench.generate import names
from bench.generate.steps import Step, created_after
from bench.generate.world import World, client_id_for
from plugins.casework import service as cases
from plugins.casework.assessment import service as assessments
from plugins.casework.custody import service as custody
from plugins.casework.domain import CHANNELS, MEETING_MODES, MISSED_REASONS, REFERRAL_SOURCES
from plugins.casework.meetings import service as meetings
from plugins.casework.outcomes import service as outcomes
from plugins.casework.plan import service as plans
from plugins.casework.plan.domain import DOMAINS
from plugins.casework.projections import cases as case_list
from plugins.casework.safety import service as safety
from plugins.referrals.incoming import service as incoming
from plugins.referrals.incoming.domain import IncomingReferral
from plugins.referrals.outgoing import service as outgoing

FIRST_DAY = date(2023, 1, 2)
LAST_DAY = date(2026, 10, 30)  # nothing is recorded after it: the data is the same whenever it is made
# How far a case has come, with its share of the cases.
REACHED = (("first_contact", 8), ("screening", 6), ("screened_out", 6), ("assessment", 10), ("support_plan", 12),
           ("active_support", 18), ("reintegration", 10), ("closed", 20), ("follow_up", 10))
PATH = ("first_contact", "screening", "assessment", "support_plan", "active_support", "reintegration", "closed",
        "follow_up")
WHY = {"screening": "First talk held; the contact concerns exit work.", "assessment": "Screened in by the team.",
       "support_plan": "Assessment done; needs are clear.", "active_support": "The plan is agreed with the client.",
       "reintegration": "Goals reached in work and housing.", "follow_up": "The first review after closure is due.",
       "anchor_review": "Agreed with the Anchor team."}
NOTES = ("Talked about work, housing and family.", "Went through the week; no contact with the group.",
         "The client was tired; a short talk about sleep.", "Planned the visit to the housing office.",
         "Talked about an old friend from the group who called.", "Looked at courses for the spring together.",
         "The client brought their sister; talked about the family's worries.")
CONCERNS = ("Shares a violent group's material and wants help to stop.", "Family worried about new friends.",
            "Threatened a classmate in a chat; says he wants out.", "Asks for help to leave the group she lives with.")
EVIDENCE = ("Told by the client in two meetings.", "Seen by the worker at the meetings.",
            "From the social worker's account.", "The family describes it the same way.")
GOALS = ("A home of my own away from the old part of town.", "Finish the vocational course.",
         "Find friends outside the group.", "Sleep better and drink less.", "Talk through the group's ideas.",
         "Get back in touch with my parents.", "A job, even part time.")
ACTIONS = ("Apply for a rental flat with the housing services.", "Meet the study counsellor.",
           "Arrange a first meeting with a mentor.", "Book an appointment at the clinic.",
           "Visit the employment office together.", "Join the football team's practice.")
REFERRED_SHARE = 0.25  # cases that began as a referral in, accepted by the coordinator
CLOSING = (("goals_met", 5), ("lost_contact", 2), ("moved_to_other_service", 2), ("withdrawn", 1))


def weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


class Story:
    """The steps of one case, planned from its generator; `day` moves on as the case does."""

    def __init__(self, world: World, number: int):
        self.world, self.number = world, number
        self.rng = random.Random(f"{world.seed}:case:{number}")
        self.city = world.city_of(number)
        self.worker = self.city.worker_for(number // 3)
        self.coordinator = self.city.coordinator
        self.store = world.store
        self.steps: list[Step] = []
        self.day = FIRST_DAY + timedelta(days=self.rng.randrange(0, 1100))
        self.big = number < 3  # each city's first case
        self.sharing: str | None = None  # the organisation the client consented to share with
        self.measured = False  # a baseline comes first; reviews and closure are measured against it

    def later(self, lo: int, hi: int) -> date:
        self.day = min(LAST_DAY, self.day + timedelta(days=self.rng.randint(lo, hi)))
        return self.day

    def add(self, run, creates=None, find=None) -> None:
        self.steps.append(Step(run, creates, find))

    # -- opening --------------------------------------------------------------------------------------------
    def open(self) -> None:
        rng, city, store = self.rng, self.city, self.store
        kind = rng.choice(city.kinds[:2]) if self.big else rng.choice(city.kinds)
        name = names.full_name(rng)
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))
        pseudonym = f"{name.split()[0]} {self.number}"
        channel, source = rng.choice(CHANNELS), rng.choice(REFERRAL_SOURCES)
        if not self.big and rng.random() < REFERRED_SHARE:
            self.referred(name, pseudonym)
            return
        client = client_id_for(self.world.seed, self.number)
        named = kind != "anonymous" and rng.random() < 0.7
        by_worker = rng.random() < 0.4
        actor = self.worker if by_worker else self.coordinator
        self.add(lambda c: cases.open_case(store, actor, city.slug, kind, pseudonym, channel, client, source,
                                           name if named else None, born if named else None, open_anyway=True,
                                           kinds=city.kinds),
                 creates="case", find=lambda c, p: _case_of_client(store, client))
        if not by_worker:
            self.add(lambda c: cases.assign_worker(store, self.coordinator, c["case"], self.worker.user_id))

    def referred(self, name: str, pseudonym: str) -> None:
        rng, city, store, coordinator = self.rng, self.city, self.store, self.coordinator
        received = self.day
        urgency = rng.choice(("urgent", "soon", "routine"))
        source = rng.choice(("police", "school", "social_services", "health_care", "family_member"))
        organisation = None if source == "family_member" else f"{source.replace('_', ' ').capitalize()} of {city.name}"
        concern = rng.choice(CONCERNS)
        self.add(lambda c: incoming.receive_referral(store, coordinator, city.slug, source, name, concern, urgency,
                                                     True, True, "+358 40 000 0000", organisation=organisation,
                                                     received_on=received),
                 creates="referral", find=lambda c, p: created_after(store, p, IncomingReferral, lambda r: (
                     r.city == city.slug and r.received_on == received and store.vault.reveal(r.person) == name)))
        self.add(lambda c: incoming.accept_referral(store, coordinator, c["referral"], pseudonym), creates="case")
        self.add(lambda c: cases.assign_worker(store, coordinator, c["case"], self.worker.user_id))

    def declined_referral(self) -> None:
        """A referral in of someone else that the city declines or refers on: the triage queue's other half."""
        rng, city, store, coordinator = self.rng, self.city, self.store, self.coordinator
        name, received = names.full_name(rng), self.later(1, 20)
        urgency, concern = rng.choice(("urgent", "soon", "routine")), rng.choice(CONCERNS)
        self.add(lambda c: incoming.receive_referral(store, coordinator, city.slug, "social_services", name,
                                                     concern, urgency, True, False, "+358 40 000 0000",
                                                     organisation=f"Social services of {city.name}",
                                                     received_on=received),
                 creates="other_referral")
        services = self.world.organisations_of(city.slug)
        if services and rng.random() < 0.5:
            service_id = self.world.service_id(rng.choice(services))
            self.add(lambda c: incoming.refer_on(store, coordinator, c["other_referral"], service_id,
                                                 "The service fits the person's need better."))
        else:
            self.add(lambda c: incoming.decline_referral(store, coordinator, c["other_referral"],
                                                         "The person does not want contact now."))
        told = self.later(1, 10)
        self.add(lambda c: incoming.give_feedback(store, coordinator, c["other_referral"], "Told the referrer.", told))

    # -- the work -------------------------------------------------------------------------------------------
    def contacts(self, count: int, gap: tuple[int, int] = (3, 21)) -> None:
        rng, store, worker = self.rng, self.store, self.worker
        for _ in range(count):
            held_on = self.later(*gap)
            mode = rng.choice(MEETING_MODES)
            if rng.random() < 0.12:
                reason = rng.choice(MISSED_REASONS)
                self.add(lambda c, d=held_on, m=mode, r=reason: cases.record_meeting(
                    store, worker, c["case"], d, m, None, attended=False, missed_reason=r))
            else:
                minutes, note = rng.choice((30, 45, 60, 90)), rng.choice(NOTES) if rng.random() < 0.8 else None
                self.add(lambda c, d=held_on, m=mode, n=minutes, t=note: cases.record_meeting(
                    store, worker, c["case"], d, m, n, note=t))

    def move(self, phase: str) -> None:
        store, coordinator, workflow = self.store, self.coordinator, self.city.workflow
        self.add(lambda c: cases.change_phase(store, coordinator, c["case"], phase, WHY[phase], workflow=workflow))

    def screen_in(self) -> None:
        store, coordinator, workflow = self.store, self.coordinator, self.city.workflow
        self.add(lambda c: cases.screen_case(store, coordinator, c["case"], "screened_in", WHY["assessment"],
                                                 workflow=workflow))
        if "anchor_review" in workflow.steps:  # Oulu's Anchor team reviews the case before the assessment
            self.later(3, 14)
            self.move("assessment")

    def consent(self) -> None:
        store, worker, day = self.store, self.worker, self.later(0, 7)
        self.add(lambda c: cases.give_consent(store, worker, c["case"], "participation", day, "written"))
        if self.rng.random() < 0.4:
            self.sharing = f"Employment services of {self.city.name}"
            self.add(lambda c: cases.give_consent(store, worker, c["case"], "sharing", day, "written",
                                                      self.sharing))

    def assess(self, finalise: bool) -> None:
        rng, store, worker, city = self.rng, self.store, self.worker, self.city
        indicators = rng.sample([i.name for i in city.instrument.indicators], rng.randint(3, 5))
        self.add(lambda c: assessments.start_assessment(store, worker, c["case"], city.instrument, city.approval),
                 creates="assessment")
        for indicator in indicators:
            rating, evidence = rng.randint(0, 3), rng.choice(EVIDENCE)
            source = rng.choice(("client", "family", "professional"))
            reliability = rng.choice(("probable", "confirmed"))
            self.add(lambda c, i=indicator, r=rating, e=evidence, s=source, y=reliability: assessments.rate(
                store, worker, c["assessment"], city.instrument, i, r, e, s, y, "Judged from the meetings."))
        if finalise:
            self.add(lambda c: assessments.finalise(store, worker, c["assessment"], "Housing is the need to work on."))
            if city.approval:
                self.add(lambda c: assessments.approve(store, self.coordinator, c["assessment"]))

    def measure(self, occasion: str) -> None:
        if occasion != "baseline" and not self.measured:
            return
        self.measured = True
        rng, store, worker, measures, day = self.rng, self.store, self.worker, self.city.measures, self.later(0, 7)
        ratings = {m.name: rng.choice(m.values) for m in measures}
        self.add(lambda c: outcomes.record_measurement(store, worker, c["case"], measures, occasion, day, ratings,
                                                       "Figures from the meetings."))

    def plan(self, review: bool) -> None:
        rng, store, worker, city = self.rng, self.store, self.worker, self.city
        drawn = self.later(1, 14)
        self.add(lambda c: plans.draw_up_plan(store, worker, c["case"], drawn + timedelta(days=90), today=drawn))
        actions = 0
        for goal, domain in enumerate(rng.sample(DOMAINS, rng.randint(1, 2)), start=1):
            text = rng.choice(GOALS)
            self.add(lambda c, d=domain, t=text: plans.add_goal(store, worker, c["case"], d, t))
            for _ in range(rng.choice((1, 1, 2))):
                actions += 1
                what, due = rng.choice(ACTIONS), drawn + timedelta(days=rng.randint(14, 200))
                self.add(lambda c, g=goal, w=what, d=due: plans.add_action(
                    store, worker, c["case"], g, w, f"Services of {city.name}", d, today=drawn))
                for status in rng.choice(((), (), ("in_progress",), ("done",))):
                    self.add(lambda c, a=actions, s=status: plans.set_action_status(store, worker, c["case"], a, s))
        if review:
            held = drawn + timedelta(days=rng.randint(30, 80))
            self.add(lambda c: plans.review_plan(store, worker, c["case"], held, "Housing moves; work waits.",
                                                 held + timedelta(days=120), today=held))

    def in_custody(self) -> None:
        rng, store, worker, city = self.rng, self.store, self.worker, self.city
        since = self.later(1, 30)
        release, official = since + timedelta(days=rng.randint(200, 900)), names.full_name(rng)
        self.add(lambda c: custody.record_status(store, worker, c["case"], "serving_sentence", since,
                                                 "Prison of the region, closed unit"))
        self.add(lambda c: custody.set_release_date(store, worker, c["case"], release))
        self.add(lambda c: custody.record_contact(store, worker, c["case"], official,
                                                  "+358 29 000 0000"))
        for kind in ("housing_arranged", "income_and_benefits", "first_meeting_after_release"):
            self.add(lambda c, k=kind: custody.add_task(store, worker, c["case"], k, f"Social services of {city.name}"))

    def under_threat(self) -> None:
        store, worker, day = self.store, self.worker, self.later(1, 20)
        self.add(lambda c: safety.revise_plan(store, worker, c["case"], "Messages from old members.",
                                              "Calling the sister.", "The sister; the worker; 112.",
                                              "No meetings in the old neighbourhood.", day))
        if self.rng.random() < 0.3:
            escalated = self.later(1, 20)
            self.add(lambda c: safety.escalate(store, worker, c["case"], "police", escalated,
                                               "An old member waited outside the flat.", "imminent_danger"))

    def agency_meeting(self) -> None:
        store, worker, city, held = self.store, self.worker, self.city, self.later(3, 20)
        shared_with = self.sharing
        attendees = [{"organisation": f"{city.name} social services", "role": "social worker"},
                     {"organisation": f"Exit work of {city.name}", "role": "exit worker"}]
        self.add(lambda c: meetings.record_agency_meeting(store, worker, c["case"], held, attendees, True),
                 creates="meeting")
        self.add(lambda c: meetings.record_decision(store, worker, c["meeting"], "The client starts a work trial."))
        self.add(lambda c: meetings.agree_action(store, worker, c["meeting"], "Find a work-trial place.",
                                                 f"{city.name} social services", held + timedelta(days=30)))
        if shared_with:
            self.add(lambda c: meetings.record_disclosure(store, worker, c["meeting"], ["case_phase"], shared_with,
                                                          "consent"))

    def referral_out(self) -> None:
        rng, store, worker, city = self.rng, self.store, self.worker, self.city
        organisations = self.world.organisations_of(city.slug)
        if not organisations:
            return
        service_id = self.world.service_id(rng.choice(organisations))
        sent, answered = self.later(1, 10), self.later(2, 14)
        self.add(lambda c: outgoing.draft_referral(store, worker, c["case"], service_id, "Needs a home of their own.",
                                                   ["identity", "case_phase"], "other_statutory",
                                                   "Social Welfare Act 1301/2014 s. 41"),
                 creates="out")
        self.add(lambda c: outgoing.send_referral(store, worker, c["out"], on=sent))
        answer = rng.choice(("accepted", "accepted", "declined", None))
        if answer:
            self.add(lambda c: outgoing.answer_referral(store, worker, c["out"], answer, on=answered,
                                                        feedback="Answered by phone."))

    def close(self, reason: str) -> None:
        store, coordinator, city, day = self.store, self.coordinator, self.city, self.later(7, 40)
        summary = "Lives and works on their own; no contact with the group." if reason == "goals_met" else None
        self.add(lambda c: cases.close_case(store, coordinator, c["case"], reason, day, summary,
                                                city.follow_ups, workflow=city.workflow))


def _case_of_client(store, client_id: uuid.UUID):
    with store.reading() as session:
        return session.execute(case_list.select().with_only_columns(case_list.c.case_id)
                               .where(case_list.c.client_id == client_id.hex)).scalar()


def case_steps(world: World, number: int) -> list[Step]:
    """The commands of generated case `number`, in order."""
    story = Story(world, number)
    rng = story.rng
    reached = "active_support" if story.big else weighted(rng, REACHED)
    story.open()
    story.contacts(1, gap=(0, 7))
    if rng.random() < 0.08:
        story.declined_referral()
    if reached == "first_contact":
        return story.steps
    story.move("screening")
    if reached == "screened_out":
        store, coordinator, workflow = story.store, story.coordinator, story.city.workflow
        story.add(lambda c: cases.screen_case(store, coordinator, c["case"], "not_suitable",
                                                  "The contact is not about a violent group.",
                                                  f"Social services of {story.city.name}", workflow=workflow))
        return story.steps
    if reached == "screening":
        return story.steps
    story.screen_in()
    order = PATH.index(reached)
    story.contacts(rng.randint(0, 2))
    if rng.random() < 0.6:
        story.measure("baseline")
    if rng.random() < 0.06:
        story.in_custody()
    if rng.random() < 0.5:
        story.assess(finalise=order > PATH.index("assessment"))
    if order <= PATH.index("assessment"):
        return story.steps
    story.move("support_plan")
    if rng.random() < 0.6:
        story.plan(review=order > PATH.index("support_plan"))
    story.contacts(rng.randint(1, 2))
    if order <= PATH.index("support_plan"):
        return story.steps
    story.consent()
    story.move("active_support")
    story.contacts(world.big_contacts if story.big else rng.randint(1, 4), gap=(0, 2) if story.big else (3, 21))
    if rng.random() < 0.04:
        story.under_threat()
    if rng.random() < 0.12:
        story.agency_meeting()
    if rng.random() < 0.15:
        story.referral_out()
    if rng.random() < 0.4:
        story.measure("review")
    if order <= PATH.index("active_support"):
        return story.steps
    story.move("reintegration")
    story.contacts(rng.randint(0, 2))
    if order <= PATH.index("reintegration"):
        return story.steps
    reason = weighted(rng, CLOSING)
    if reason == "goals_met":
        story.measure("closure")
    story.close(reason)
    if reached == "follow_up" and reason not in ("withdrawn",):
        story.later(80, 100)
        story.move("follow_up")
    return story.steps

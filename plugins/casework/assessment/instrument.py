"""The programme's own open instrument: risk factors, protective factors and needs across the life domains.

Its items are written for this programme and carry no items of any proprietary instrument. A rating is a
professional judgement on the evidence recorded with it; the instrument adds up nothing and predicts nothing.
"""

from __future__ import annotations

from core.toolkit import N_, Indicator, Instrument

RISK, PROTECTIVE = False, True

EXIT_PATHWAYS = Instrument(
    name="exit_pathways",
    label=N_("Exit pathways: needs, risks and strengths"),
    version="2026.1",
    indicators=(
        Indicator("ideological_commitment", N_("Commitment to the group's ideology"), N_("ideology"), RISK),
        Indicator("openness_to_other_views", N_("Openness to other views"), N_("ideology"), PROTECTIVE),
        Indicator("motivation_to_leave", N_("The client's own motivation to leave"), N_("ideology"), PROTECTIVE),
        Indicator("contact_with_group", N_("Contact with the group and its members"), N_("group_contact"), RISK),
        Indicator("ties_outside_group", N_("Ties outside the group"), N_("group_contact"), PROTECTIVE),
        Indicator("use_of_violence", N_("Use of or support for violence"), N_("violence"), RISK),
        Indicator("non_violent_ways", N_("Non-violent ways of handling conflict"), N_("violence"), PROTECTIVE),
        Indicator("mental_health_needs", N_("Mental-health and substance-use needs"), N_("mental_health"), RISK),
        Indicator("engagement_with_care", N_("Engagement with care"), N_("mental_health"), PROTECTIVE),
        Indicator("housing_need", N_("Insecure housing"), N_("housing"), RISK),
        Indicator("work_or_study_need", N_("Without work or study"), N_("work_and_education"), RISK),
        Indicator("goals_for_the_future", N_("Goals for work or study"), N_("work_and_education"), PROTECTIVE),
        Indicator("family_conflict", N_("Conflict or pressure in the family"), N_("family_and_network"), RISK),
        Indicator("supportive_relationships", N_("Supportive family and friends"), N_("family_and_network"),
                  PROTECTIVE),
        Indicator("threats_to_safety", N_("Threats to the client's safety"), N_("safety"), RISK),
        Indicator("safe_places_and_people", N_("Safe places and people to turn to"), N_("safety"), PROTECTIVE),
    ),
    scale=((0, N_("not present")), (1, N_("somewhat present")), (2, N_("clearly present")),
           (3, N_("strongly present"))),
    licence=N_("The programme's own open instrument, free to use and adapt under CC BY 4.0; "
               "it contains no items of proprietary instruments."),
)

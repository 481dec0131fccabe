"""The invented words of the generated plan (tests/benchdata.py): plausible, never a council's."""

from actionplans.models import Lead, Rag


def words(text: str) -> list[str]:
    """The vocabulary below, one phrase per "; ", kept compact."""
    return text.split("; ")


SECTIONS = words("Children looked after; Care leavers; Health and wellbeing; Education")
OBJECTIVES = words(
    "Keep children safe and in stable homes; Improve health and emotional wellbeing; "
    "Close the gap in education, training and employment; Prepare care leavers for adult "
    "life; Listen to children and act on what they say; Find the right home for every child; "
    "Support young people into a home of their own; Make every councillor a good corporate "
    "parent"
)
LEAD_BASES = {
    Lead.Kind.ROLE: "Virtual School Head; Designated Nurse for Children Looked After; "
    "CAMHS Commissioner; Commissioning Manager; Corporate Parenting Officer",
    Lead.Kind.SERVICE: "Leaving Care Service; Fostering Service; Residential Services; "
    "Educational Psychology Service; Independent Reviewing Service; Public Health",
    Lead.Kind.TEAM: "Housing Options Team; Participation Team; Youth Offending Team; "
    "Skills and Employment Team",
    Lead.Kind.PARTNER: "Adoption Agency; District Council Housing; Police Missing Persons "
    "Coordinator; Clinical Commissioning Group",
    Lead.Kind.GROUP: "Children in Care Council",
}
AREAS = words("North; South; East; West; Central")
VERBS = words("Review; Develop; Embed; Commission; Extend; Monitor; Improve; Audit")
SUBJECTS = words(
    "the pathway plan process; health assessments; placement stability; the Local Offer for "
    "care leavers; personal education plans; independent visitor provision; supported "
    "lodgings; apprenticeship places; mental health support; the sufficiency of foster "
    "carers; staying put arrangements; return home interviews"
)
AUDIENCES = words(
    "for children looked after; for care leavers aged 18 to 25; with the Children in Care "
    "Council; with district councils; with health partners; across all three localities"
)
OUTCOMES = words(
    "Children looked after live in stable, loving homes; Care leavers have a safe place to "
    "live; Children looked after achieve well at school; Young people's health needs are met; "
    "Care leavers are in education, employment or training; Children and young people shape "
    "the services they use"
)
PROGRESS = {
    Rag.GREEN: words("On track.; Milestones met this quarter.; Delivered as planned."),
    Rag.AMBER: words("Some slippage.; One milestone is behind.; Recovery plan agreed."),
    Rag.RED: words("Off track.; No progress this quarter.; Escalated to the board."),
    Rag.BLUE: words("Complete.; The lead confirms delivery.; Signed off by the plan owner."),
}
DETAILS = words(
    "Partners met in {month} and agreed next steps.; {n} young people took part in the "
    "consultation.; Training reached {n} social workers.; The audit of {n} case files is "
    "written up.; Funding for {n} places was confirmed in {month}."
)
REASONS = words(
    "Moved to follow the recommissioning timetable.; Partners asked for more time to consult "
    "young people first.; Waiting for the new housing contract to start."
)

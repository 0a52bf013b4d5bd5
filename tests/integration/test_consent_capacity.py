"""Issue 12: consent, capacity, representatives and who may see what, as users meet them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person
from transition.extensions import db
from transition.models import (
    CapacityAssessment,
    ConsentRecord,
    Handover,
    Milestone,
    MilestoneEvidence,
    Representative,
)
from transition.pathway.dates import add_age
from transition.services import handovers

RISK = "Stepfather not to be told of the address QX91"
WITHHELD = "Mum has her own health needs QX92"
THIRD_OK = "Visited the college QX93"


def _years_ago(today: date, years: int, days: int = 0) -> date:
    return add_age(date(today.year - years, today.month, min(today.day, 28)), 0) - timedelta(
        days=days
    )


def _fields(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _errors(response) -> str:
    summary = page(response).select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


# --- Parents' access follows age ------------------------------------------------------------


def test_parent_of_an_adult_with_nothing_recorded_gets_no_access_until_they_agree(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 22))
    parent = world.parent_user(person)

    client = sign_in(parent)
    refused = client.get("/my-pathway")
    assert refused.status_code in (403, 404)
    assert person.first_name not in refused.get_data(as_text=True)
    assert page(refused).h1.get_text() == "You cannot see this pathway now"
    assert "From their 18th birthday" in page(refused).get_text(" ")

    # The worker sees which parent links have stopped, and why.
    worker = sign_in(world.worker)
    caseload = page(worker.get("/caseload"))
    assert person.display_name in caseload.select_one("#stopped-parent-links").get_text()
    record = page(worker.get(f"/young-people/{person.id}"))
    assert "18 or over and nothing is recorded" in record.select_one(
        f"#parent-link-{parent.id}"
    ).get_text(" ")

    # A parent cannot decide for an adult: the form says why, in plain words.
    form = {
        "decision": "given",
        "decided_by": "parent_carer",
        "decided_on": _fields(today),
    }
    response = worker.post(f"/young-people/{person.id}/parent-access", data=form)
    assert response.status_code == 200
    assert "Parental responsibility ends at 18" in _errors(response)

    # The young person agrees (the worker records it): the parent sees the pathway.
    response = worker.post(
        f"/young-people/{person.id}/parent-access", data={**form, "decided_by": "young_person"}
    )
    assert response.status_code == 302
    client = sign_in(parent)
    assert client.get("/my-pathway").status_code == 200


def test_before_18_a_parent_keeps_access_unless_a_decision_says_otherwise(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 14))
    parent = world.parent_user(person)
    assert sign_in(parent).get("/my-pathway").status_code == 200
    db.session.add(
        ConsentRecord(
            young_person=person,
            purpose="parent_access",
            decision="refused",
            decided_by="parent_carer",
            decided_on=today,
        )
    )
    db.session.commit()
    assert sign_in(parent).get("/my-pathway").status_code in (403, 404)


def test_an_old_parent_decision_for_an_adult_does_not_open_the_pathway(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 20))
    parent = world.parent_user(person)
    # Recorded by an earlier release, before the rule: a parent "agreeing" for an adult.
    db.session.add(
        ConsentRecord(
            young_person=person,
            purpose="parent_access",
            decision="given",
            decided_by="parent_carer",
            decided_on=today,
        )
    )
    db.session.commit()
    assert sign_in(parent).get("/my-pathway").status_code in (403, 404)


# --- Who decides, on the forms --------------------------------------------------------------


def test_consent_at_17_without_capacity_is_refused_and_best_interests_needs_an_assessment(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 17))
    client = sign_in(world.worker)
    form = {
        "decision": "best_interests",
        "decided_by": "best_interests",
        "decided_on": _fields(today),
    }
    response = client.post(f"/young-people/{person.id}/consent", data=form)
    assert "only for someone assessed as lacking capacity" in _errors(response)

    # A parent's refusal has no effect at 17 with capacity.
    response = client.post(
        f"/young-people/{person.id}/consent",
        data={**form, "decision": "refused", "decided_by": "parent_carer"},
    )
    assert "a parent's consent or refusal has no effect" in _errors(response)

    # Record that they lack capacity for sharing: their own consent is no longer valid.
    response = client.post(
        f"/young-people/{person.id}/capacity/new",
        data={
            "decision": "share_handover",
            "outcome": "lacks_capacity",
            "assessed_on": _fields(today - timedelta(days=1)),
            "assessor": "Sam Patel, social worker",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/young-people/{person.id}/consent",
        data={**form, "decision": "given", "decided_by": "young_person"},
    )
    assert "their own consent or refusal is not valid" in _errors(response)
    assert client.post(f"/young-people/{person.id}/consent", data=form).status_code == 302

    # Capacity is per decision: parents' access is still presumed.
    record = page(client.get(f"/young-people/{person.id}"))
    capacity = record.select_one("#capacity").find_next("table").get_text(" ")
    assert "Sharing their information with adult services" in capacity
    assert "Lacks capacity" in capacity
    assert "parents or carers" not in capacity


def test_the_form_says_who_may_decide_and_why_others_may_not(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 20))
    client = sign_in(world.worker)
    text = page(client.get(f"/young-people/{person.id}/consent")).select_one("#who-decides")
    words = text.get_text(" ")
    assert "Capacity presumed" in words
    assert "Parental responsibility ends at 18" in words
    assert "A deputy acts only where the person lacks capacity" in words


def test_a_deputy_decides_for_an_adult_lacking_capacity_only_within_their_authority(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 21))
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/representatives/new",
        data={
            "kind": "deputy_welfare",
            "name": "Helen Brooks",
            "covers": ["care_act_assessment"],
            "starts_on": _fields(today - timedelta(days=30)),
            "reference": "COP 1",
        },
    )
    assert response.status_code == 302
    # A property deputy cannot be given welfare decisions.
    bad = client.post(
        f"/young-people/{person.id}/representatives/new",
        data={
            "kind": "deputy_property",
            "name": "A Solicitor",
            "covers": ["care_act_assessment"],
            "starts_on": _fields(today),
        },
    )
    assert bad.status_code == 200
    assert "cannot have authority for having a Care Act transition assessment" in _errors(bad)

    form = {"decision": "given", "decided_by": "deputy", "decided_on": _fields(today)}
    response = client.post(f"/young-people/{person.id}/care-act-assessment", data=form)
    assert "acts only where the person lacks capacity" in _errors(response)
    client.post(
        f"/young-people/{person.id}/capacity/new",
        data={
            "decision": "care_act_assessment",
            "outcome": "lacks_capacity",
            "assessed_on": _fields(today),
            "assessor": "Dr Rees",
        },
    )
    assert (
        client.post(f"/young-people/{person.id}/care-act-assessment", data=form).status_code == 302
    )
    record = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.purpose == "care_act_assessment")
    )
    assert record.representative.name == "Helen Brooks"
    assert record.lacks_capacity is True
    page_text = page(client.get(f"/young-people/{person.id}")).get_text(" ")
    assert "Helen Brooks" in page_text


def test_a_capacity_outcome_must_fit_the_age(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 14))
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/capacity/new",
        data={
            "decision": "care_act_assessment",
            "outcome": "lacks_capacity",
            "assessed_on": _fields(today),
            "assessor": "Dr Rees",
        },
    )
    assert "Gillick" in _errors(response)
    assert db.session.scalar(select(CapacityAssessment.id)) is None


# --- Care Act assessment: consent and the s58(4) override ----------------------------------


def test_a_refused_assessment_goes_ahead_only_with_a_reason_and_the_manager_sees_it(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 16))
    client = sign_in(world.worker)
    form = {
        "decision": "refused",
        "decided_by": "young_person",
        "decided_on": _fields(today),
        "s58_override": "yes",
    }
    response = client.post(f"/young-people/{person.id}/care-act-assessment", data=form)
    assert "Enter the risk of abuse or neglect" in _errors(response)
    assert db.session.scalar(select(ConsentRecord.id)) is None

    reason = "Missing from home twice QX94"
    response = client.post(
        f"/young-people/{person.id}/care-act-assessment",
        data={**form, "s58_override_reason": reason},
    )
    assert response.status_code == 302
    manager = sign_in(world.manager)
    overrides = page(manager.get("/team")).select_one("#s58-overrides").find_next("table")
    assert reason in overrides.get_text(" ")
    # The reason is safeguarding information: never on the young person's own pages.
    own = sign_in(world.young_person_user(person))
    assert reason not in own.get("/my-pathway/my-information").get_data(as_text=True)
    assert reason not in own.get("/my-pathway/my-information.json").get_data(as_text=True)


# --- Information that is not for the young person -------------------------------------------


def test_risks_and_withheld_notes_never_reach_the_young_person_or_parent(world, sign_in, today):
    person = make_person(
        team=world.north, worker=world.worker, dob=_years_ago(today, 15), risks=RISK
    )
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    db.session.add_all(
        [
            MilestoneEvidence(
                milestone=milestone,
                text=WITHHELD,
                evidence_date=today,
                withheld_reason="third_party",
            ),
            MilestoneEvidence(milestone=milestone, text=THIRD_OK, evidence_date=today),
        ]
    )
    db.session.commit()
    worker = sign_in(world.worker)
    assert RISK in worker.get(f"/young-people/{person.id}").get_data(as_text=True)
    worker_milestone = worker.get(f"/young-people/{person.id}/milestones/{milestone.id}")
    assert WITHHELD in worker_milestone.get_data(as_text=True)

    for user in (world.young_person_user(person), world.parent_user(person)):
        client = sign_in(user)
        pages = [
            "/my-pathway",
            "/my-pathway/voice",
            f"/young-people/{person.id}/milestones/{milestone.id}",
            f"/young-people/{person.id}",
        ]
        if user.role == "young_person":
            pages += ["/my-pathway/my-information", "/my-pathway/my-information.json"]
        for url in pages:
            body = client.get(url, follow_redirects=True).get_data(as_text=True)
            assert RISK not in body, url
            assert WITHHELD not in body, url
        if user.role == "young_person":
            mine = client.get("/my-pathway/my-information").get_data(as_text=True)
            assert THIRD_OK in mine
            # Third-party information may be said to exist; what it says may not.
            assert "1 note about other people" in mine


def test_the_record_form_says_risks_are_not_shown_to_the_family(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    client = sign_in(world.worker)
    hint = page(client.get(f"/young-people/{person.id}/edit")).select_one("#risks-hint")
    assert "Not shown to the young person or their family" in hint.get_text()


# --- Adult teams' access follows the handover -----------------------------------------------


def _handover(world, person, state: str, basis: str = "public_task") -> Handover:
    handover = Handover(
        young_person=person,
        team=world.social_care,
        state=state,
        target_date=add_age(person.date_of_birth, 18),
        sent_at=datetime.now(UTC),
        lawful_basis=basis,
        basis_explained_on=date.today(),
        return_reason="Does not meet the criteria yet" if state == "returned" else None,
        returned_at=datetime.now(UTC) if state == "returned" else None,
    )
    db.session.add(handover)
    handover.snapshot = handovers.summary_for(handover, date.today())
    db.session.commit()
    return handover


def test_a_returned_handover_leaves_the_adult_team_only_that_it_was_returned(world, sign_in, today):
    person = make_person(
        team=world.north, worker=world.worker, dob=_years_ago(today, 17), marker="QX95"
    )
    handover = _handover(world, person, "returned")
    client = sign_in(world.adult_social_care)
    response = client.get(f"/handovers/{handover.id}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert person.local_reference in body
    assert "Does not meet the criteria yet" in body
    for field in ("risks", "communication_needs", "aspirations", "services_now"):
        assert f"QX95 {field}" not in body  # none of the summary
    assert person.nhs_number not in body
    assert client.get(f"/young-people/{person.id}").status_code == 404
    exported = client.get(f"/handovers/{handover.id}/export")
    assert "QX95 risks" not in exported.get_data(as_text=True)


def test_the_live_record_needs_an_accepted_handover_and_a_basis_still_in_place(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 17))
    db.session.add(
        ConsentRecord(
            young_person=person,
            purpose="share_with_adult_services",
            decision="given",
            decided_by="young_person",
            decided_on=today,
        )
    )
    db.session.commit()
    _handover(world, person, "accepted", basis="consent")
    client = sign_in(world.adult_social_care)
    assert client.get(f"/young-people/{person.id}").status_code == 200

    worker = sign_in(world.worker)
    response = worker.post(
        f"/young-people/{person.id}/consent",
        data={"decision": "refused", "decided_by": "young_person", "decided_on": _fields(today)},
    )
    assert response.status_code == 302
    client = sign_in(world.adult_social_care)
    assert client.get(f"/young-people/{person.id}").status_code == 404


def test_public_task_sharing_needs_no_consent_but_must_be_explained(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 17))
    client = sign_in(world.worker)
    data = {
        "team_id": str(world.social_care.id),
        "target_date": _fields(add_age(person.date_of_birth, 18)),
        "sending_contact_id": str(world.worker.id),
        "lawful_basis": "public_task",
    }
    response = client.post(f"/young-people/{person.id}/handovers/new", data=data)
    handover_id = int(response.headers["Location"].rsplit("/", 1)[1])
    form = client.get(f"/handovers/{handover_id}/send")
    version = page(form).select_one("input[name=version]")["value"]
    response = client.post(f"/handovers/{handover_id}/send", data={"version": version})
    assert "explained to the young person" in _errors(response)

    handover = db.session.get(Handover, handover_id)
    handover.basis_explained_on = today
    db.session.commit()
    form = client.get(f"/handovers/{handover_id}/send")
    version = page(form).select_one("input[name=version]")["value"]
    assert (
        client.post(f"/handovers/{handover_id}/send", data={"version": version}).status_code == 302
    )
    db.session.expire_all()
    summary = db.session.get(Handover, handover_id).snapshot
    assert summary["handover"]["lawful_basis"] == "public_task"


def test_the_summary_names_the_decision_each_capacity_assessment_is_about(world, today):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 19))
    db.session.add_all(
        [
            CapacityAssessment(
                young_person=person,
                decision="care_act_assessment",
                assessed_on=today - timedelta(days=40),
                assessor="Dr Rees",
                outcome="lacks_capacity",
            ),
            CapacityAssessment(
                young_person=person,
                decision="care_act_assessment",
                assessed_on=today - timedelta(days=4),
                assessor="Dr Rees",
                outcome="has_capacity",
            ),
            Representative(
                young_person=person,
                kind="imca",
                name="Kim Lowe",
                covers=[],
                starts_on=today - timedelta(days=10),
            ),
        ]
    )
    db.session.commit()
    db.session.refresh(person)
    summary = handovers.build_summary(person, today)
    assert summary["capacity"] == [
        {
            "decision": "care_act_assessment",
            "decision_label": "Having a Care Act transition assessment",
            "outcome": "has_capacity",
            "outcome_label": "Has capacity for this decision",
            "assessed_on": (today - timedelta(days=4)).isoformat(),
            "assessor": "Dr Rees",
        }
    ]
    assert summary["representatives"][0]["name"] == "Kim Lowe"


# --- No probing -----------------------------------------------------------------------------


def test_checking_a_local_reference_says_nothing_about_people_outside_scope(world, sign_in, today):
    theirs = make_person(team=world.south, worker=world.worker2, marker="QX96")
    mine = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    client = sign_in(world.worker)

    def attempt(reference: str) -> str:
        response = client.post(
            "/young-people/new",
            data={
                "first_name": "New",
                "last_name": "Person",
                "date_of_birth": _fields(_years_ago(today, 15)),
                "local_reference": reference,
                "has_ehc_plan": "no",
                "year_group_offset": "0",
                "team_id": str(world.north.id),
                "worker_id": str(world.worker.id),
            },
        )
        assert response.status_code == 200
        return _errors(response)

    outside, inside = attempt(theirs.local_reference), attempt(mine.local_reference)
    assert outside == inside
    assert "QX96" not in outside
    assert "South" not in outside


def test_a_worker_marks_a_note_not_to_be_shared_and_it_stays_off_the_family_pages(
    world, sign_in, today
):
    person = make_person(team=world.north, worker=world.worker, dob=_years_ago(today, 15))
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    db.session.commit()
    client = sign_in(world.worker)
    url = f"/young-people/{person.id}/milestones/{milestone.id}"
    form = page(client.get(f"{url}/evidence"))
    assert "not to be shared with the young person or family" in form.get_text(" ")
    response = client.post(
        f"{url}/evidence",
        data={"text": WITHHELD, "evidence_date": _fields(today), "withheld": "safeguarding"},
    )
    assert response.status_code == 302
    shown = page(client.get(url))
    assert "Not shared with the young person or family" in shown.get_text(" ")
    own = sign_in(world.young_person_user(person))
    assert WITHHELD not in own.get(url).get_data(as_text=True)
    mine = own.get("/my-pathway/my-information").get_data(as_text=True)
    assert WITHHELD not in mine
    # Safeguarding information is not even said to exist.
    assert "about other people" not in mine


def test_a_withdrawn_handover_takes_the_summary_and_record_from_the_adult_team(
    world, sign_in, today
):
    person = make_person(
        team=world.north, worker=world.worker, dob=_years_ago(today, 17), marker="QX97"
    )
    handover = _handover(world, person, "accepted")
    adult = sign_in(world.adult_social_care)
    assert adult.get(f"/young-people/{person.id}").status_code == 200

    worker = sign_in(world.worker)
    form = page(worker.get(f"/handovers/{handover.id}/withdraw"))
    version = form.select_one("input[name=version]")["value"]
    missing = worker.post(f"/handovers/{handover.id}/withdraw", data={"version": version})
    assert "Enter why you are withdrawing" in _errors(missing)
    done = worker.post(
        f"/handovers/{handover.id}/withdraw",
        data={"version": version, "reason": "They objected to sharing"},
    )
    assert done.status_code == 302

    adult = sign_in(world.adult_social_care)
    assert adult.get(f"/young-people/{person.id}").status_code == 404
    body = adult.get(f"/handovers/{handover.id}").get_data(as_text=True)
    assert "They objected to sharing" in body
    assert person.local_reference in body
    assert "QX97 risks" not in body

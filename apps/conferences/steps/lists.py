"""Each procedure's conferences, step by step, as functions of the resolved rule-set ``Params`` (docs/procedures.md
§1.1–1.2, §2, §5, §6, §14b); and the look-ups over every list."""

from django.utils.translation import gettext_lazy as _

from apps.rulesets.parameters import Params

from .spec import StepSpec, apply_overrides

# Electorates (labels; who exactly sits in each is Phụ lục 2 of 80-QĐ/TW, not retrieved [U])
LEADERSHIP = _("Leadership collective")
EXPANDED = _("Expanded leadership collective")
KEY_OFFICIALS = _("Key officials conference")
ORIGIN_COLLECTIVE = _("Leadership collective of the unit where the person works")
APPOINTING_COLLECTIVE = _("Leadership collective of the appointing authority")
STANDING = _("Standing committee")
EXECUTIVE = _("Executive committee")


def appointment_internal_steps(params):
    """The five conferences of an appointment from the internal source (80-QĐ/TW Đ.21 k.1; ND 170 Đ.33
    k.2; ND 138 Đ.46; QĐ 727)."""
    return apply_overrides(
        [
            StepSpec(
                code="internal_1_collective",
                title=_("Leadership collective approves the list of eligible candidates"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                # The list is the slate every later ballot draws from, so the surplus rule applies to it.
                consults=True,
                announce_result=True,
                tie_rule="head_decides",
                list_approval=True,
            ),
            StepSpec(
                code="internal_2_expanded",
                title=_("Expanded collective nominates by secret ballot"),
                electorate=EXPANDED,
                ballot_kind="nomination",
                denominator="convened",
                consults=True,
                announce_result=False,
                tie_rule="top_n_advance",
                # step 3 consults again: a clear winner here must not leave it without a surplus (R1)
                carries_surplus=True,
            ),
            StepSpec(
                code="internal_3_collective",
                title=_("Leadership collective nominates by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="nomination",
                denominator="collective_members",
                collective="leadership",
                consults=True,
                announce_result=True,
                tie_rule="top_n_advance",
                # the collective's nominee and the next-ranked names: step 4 polls them all, step 5 decides
                carries_surplus=True,
            ),
            StepSpec(
                code="internal_4_key_officials",
                title=_("Key officials give their confidence by secret ballot"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=True,
                announce_result=False,
                tie_rule="none",
                decisive=False,
            ),
            StepSpec(
                code="internal_5_collective",
                title=_("Leadership collective votes by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                final=True,
            ),
        ],
        params,
    )


def appointment_external_steps(params):
    """The conferences of an appointment from an external source (ND 170 Đ.33 k.3; ND 138 Đ.46 k.3). They vote
    on a named person, not among several, so the surplus rule does not apply (``consults=False``)."""
    return apply_overrides(
        [
            StepSpec(
                code="external_1_receiving",
                title=_("Leadership of the receiving unit is consulted on the appointment"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
            StepSpec(
                code="external_2_origin",
                title=_("Leadership where the person works votes by secret ballot"),
                electorate=ORIGIN_COLLECTIVE,
                ballot_kind="confidence",
                # procedures §2 step 2: more than half of those convened — the leadership collective of the unit
                # where the candidate works now, its membership on the day in the registry (issue 9 point 10)
                denominator="convened",
                collective="leadership",
                collective_of="candidate",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
            StepSpec(
                code="external_3_collective",
                title=_("Appointing collective appraises and votes by secret ballot"),
                electorate=APPOINTING_COLLECTIVE,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                collective_of="authority",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                final=True,
            ),
        ],
        params,
    )


def reappointment_steps(params):
    """Reappointment (ND 138 Đ.52; 377 per news): the key officials' confidence vote, not announced, then the
    collective's vote (> 50% of all members; at 50% the head decides). One incumbent: no surplus."""
    return apply_overrides(
        [
            StepSpec(
                code="reappointment_1_key_officials",
                title=_("Key officials give their confidence on the term by secret ballot"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=False,
                announce_result=False,
                tie_rule="none",
                decisive=False,
            ),
            StepSpec(
                code="reappointment_2_collective",
                title=_("Leadership collective votes on the reappointment by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
        ],
        params,
    )


def extension_steps(params):
    """Extension of the term to retirement age (ND 138 Đ.53; QĐ 727): the collective's secret ballot, > 50% of
    all members; at 50% the head decides and reports."""
    return apply_overrides(
        [
            StepSpec(
                code="extension_1_collective",
                title=_("Leadership collective votes on the extension to retirement by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            )
        ],
        params,
    )


def nomination_steps(params):
    """Introducing party-committee personnel for election (Chỉ thị 35 appendix, docs/procedures.md §6): five rounds,
    each a secret ballot in which a person needs more than 50% of those convened. Whether the key officials'
    result is announced was not found [U]; it follows the appointment pattern (not announced).

    When nobody gets more than half of those convened, the appointment's rule (procedures §1.2, H3: the two
    highest go forward) applies to the round when the rule set says so (``nomination_runoff_top_two``, [P]: what
    happens then is not found, procedures §15 item 3); otherwise the round selects nobody.

    The rounds of a collective — the standing committee and the executive (party) committee of the procedure's
    unit — take those convened from the collective's membership on the day in the registry (issue 9 point 10,
    procedures §14 H2); the key officials conference has no standing membership, so its figure is typed."""
    runoff = "top_n_if_none" if params.get("nomination_runoff_top_two", True) else "none"

    def round_(code, title, electorate, announce=True, collective=""):
        return StepSpec(
            code=code,
            title=title,
            electorate=electorate,
            ballot_kind="nomination",
            denominator="convened",
            consults=True,
            announce_result=announce,
            tie_rule=runoff,
            collective=collective,
        )

    return apply_overrides(
        [
            round_(
                "nomination_1_standing",
                _("Standing committee introduces the eligible personnel"),
                STANDING,
                collective="standing_committee",
            ),
            round_(
                "nomination_2_key_officials",
                _("Key officials conference introduces by secret ballot"),
                KEY_OFFICIALS,
                announce=False,
            ),
            round_(
                "nomination_3_executive",
                _("Executive committee introduces by secret ballot"),
                EXECUTIVE,
                collective="party_committee",
            ),
            round_(
                "nomination_4_standing",
                _("Standing committee reviews and introduces"),
                STANDING,
                collective="standing_committee",
            ),
            round_(
                "nomination_5_executive",
                _("Executive committee's final secret ballot"),
                EXECUTIVE,
                collective="party_committee",
            ),
        ],
        params,
    )


def planning_steps(params):
    """The planning review (QĐ 50 PL2, kept by 377; docs/procedures.md §7): the key officials' secret ballot on each
    cadre proposed for addition (not announced; more than half of those convened to go on), then the leadership
    collective's vote on the planning list (> 50% of all members; at 50% the head decides)."""
    return apply_overrides(
        [
            StepSpec(
                code="planning_1_key_officials",
                title=_("Key officials vote by secret ballot on the cadres proposed for the planning"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=False,
                announce_result=False,
                tie_rule="none",
            ),
            StepSpec(
                code="planning_2_collective",
                title=_("Leadership collective decides the planning list by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                list_approval=True,
            ),
        ],
        params,
    )


def rotation_steps(params):
    """Rotation (65-QĐ/TW; docs/procedures.md §8): the leadership collective decides the rotation plan by secret
    ballot (> 50% of all members; at 50% the head decides)."""
    return apply_overrides(
        [
            StepSpec(
                code="rotation_1_collective",
                title=_("Leadership collective decides the rotation by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
        ],
        params,
    )


STEP_LISTS = {
    "appointment_internal": appointment_internal_steps,
    "appointment_external": appointment_external_steps,
    "reappointment": reappointment_steps,
    "extension": extension_steps,
    "nomination": nomination_steps,
    "planning": planning_steps,
    "rotation": rotation_steps,
}


def step_by_code(code, params):
    """The (overridden) spec of step `code` from any procedure's list."""
    for steps in STEP_LISTS.values():
        for spec in steps(params):
            if spec.code == code:
                return spec
    raise KeyError(code)


def step_titles():
    """``{step code: title}`` of every procedure's steps under the seeding defaults (for reading the history)."""
    params = Params.defaults()
    return {spec.code: spec.title for steps in STEP_LISTS.values() for spec in steps(params)}

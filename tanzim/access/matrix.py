"""The permission matrix: one table saying who may reach every page and API operation.

A test walks every URL route and every API operation for every persona, inside and outside the
persona's territory, and checks the answer against this table. A route that is not in the table
fails that test until someone decides here who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What decides access to a route's object: "" (nothing: a list, scoped by its queryset), or the
# territory of the object named in the URL: "territory", "organ", "person", "member", "campaign"…
# Each kind has a case builder in tests/access/test_matrix.py or tests/access/matrix_cases_*.py.
ScopedBy = str


@dataclass(frozen=True)
class Rule:
    public: bool = False  # visitors without an account may use it
    scoped_by: ScopedBy = ""  # outside the user's territory → 404
    method: Literal["get", "post"] = "get"
    redirects_signed_in: bool = False  # e.g. the login page sends a signed-in user home
    missing_ok: bool = (
        False  # inside the scope, 404 or a redirect back is right when there is nothing to show
    )
    national_only: bool = False  # only national admins; everyone else gets a 404
    needs_scope: bool = False  # a signed-in user with no territory gets a 404 (nothing to act on)
    kwargs: tuple[tuple[str, str], ...] = ()  # fixed URL arguments, e.g. (("fmt", "csv"),)


PAGES: dict[str, Rule] = {
    "home": Rule(public=True),
    "login": Rule(public=True, redirects_signed_in=True),
    "logout": Rule(public=True, method="post"),
    # The code step of the login: without a password just given, back to the login page.
    "login_code": Rule(public=True, redirects_signed_in=True, missing_ok=True),
    "account_security": Rule(),
    "totp_enrol": Rule(),
    "totp_disable": Rule(method="post"),
    "set_language": Rule(public=True, method="post"),
    "audit": Rule(national_only=True),
    "territory:country": Rule(),
    "territory:detail": Rule(scoped_by="territory"),
    "organs:list": Rule(),
    "organs:detail": Rule(scoped_by="organ"),
    "people:list": Rule(),
    "people:detail": Rule(scoped_by="person"),
    "members:list": Rule(),
    "members:enroll": Rule(needs_scope=True),
    "members:export": Rule(kwargs=(("fmt", "csv"),)),
    "members:detail": Rule(scoped_by="member"),
    "members:status": Rule(scoped_by="member", method="post"),
    "members:dues": Rule(scoped_by="member", method="post"),
    "members:data": Rule(scoped_by="member", kwargs=(("fmt", "json"),)),
    "members:erase": Rule(scoped_by="member", method="post"),
    "members:card": Rule(scoped_by="member", method="post", kwargs=(("action", "issue"),)),
    "members:card_pdf": Rule(scoped_by="member", missing_ok=True),
    "members:organ_cards": Rule(scoped_by="organ", missing_ok=True),
    "card_verify": Rule(public=True, scoped_by="card_token"),
    "members:imports": Rule(needs_scope=True),
    "members:import": Rule(scoped_by="import"),
    "members:import_progress": Rule(scoped_by="import"),
    "members:import_run": Rule(scoped_by="import", method="post", missing_ok=True),
    "members:import_report": Rule(scoped_by="import", missing_ok=True),
    "members:import_issue": Rule(scoped_by="import_issue", method="post", kwargs=(("decision", "separate"),)),
    "members:campaigns": Rule(),
    "members:campaign": Rule(scoped_by="campaign"),
    "members:campaign_roll": Rule(scoped_by="campaign_roll"),
    "members:campaign_check": Rule(scoped_by="campaign_member", method="post"),
    # Meetings: scoped by the convening organ (invited people see the page, without the management
    # forms); directives by the issuing organ or a target organ; evidence files by either.
    "meetings:list": Rule(),
    "meetings:plan": Rule(needs_scope=True),
    "meetings:detail": Rule(scoped_by="meeting"),
    "meetings:status": Rule(scoped_by="meeting", method="post"),
    "meetings:invite_group": Rule(scoped_by="meeting"),
    "meetings:invite_people": Rule(scoped_by="meeting"),
    "meetings:send": Rule(scoped_by="meeting", method="post"),
    "meetings:check_in": Rule(scoped_by="meeting", method="post"),
    "meetings:record": Rule(scoped_by="meeting", method="post"),
    "meetings:directive_issue": Rule(scoped_by="meeting"),
    "directives:list": Rule(),
    "directives:detail": Rule(scoped_by="directive"),
    "directives:report": Rule(scoped_by="directive", method="post"),
    "directives:evidence": Rule(scoped_by="progress_report"),
    # Notices and memos: sent ones are scoped by the sending organ, received ones by the recipient
    # organ, replies by either; attachments may be missing (404 inside is then right).
    "notices:list": Rule(),
    "notices:new": Rule(needs_scope=True),
    "notices:detail": Rule(scoped_by="notice"),
    "notices:attachment": Rule(scoped_by="notice", missing_ok=True),
    "notices:received": Rule(scoped_by="notice_recipient"),
    "notices:received_attachment": Rule(scoped_by="notice_recipient", missing_ok=True),
    "notices:reply": Rule(scoped_by="notice_recipient", method="post"),
    "notices:reply_attachment": Rule(scoped_by="notice_reply", missing_ok=True),
    # The personal inbox: one's own messages only (anyone else's is a 404, national admins included).
    "inbox:list": Rule(),
    "inbox:open": Rule(scoped_by="inbox_message", method="post"),
    "inbox:read_all": Rule(method="post"),
    # Communiqués (internal): scoped by the organ of the communiqué; drafting one needs a meeting the
    # user manages; comments are moderated inside the territory of their communiqué's organ.
    "press:list": Rule(),
    "press:communique_from_meeting": Rule(scoped_by="press_meeting", method="post"),
    "press:edit": Rule(scoped_by="communique"),
    "press:publish": Rule(scoped_by="communique", method="post"),
    "press:withdraw": Rule(scoped_by="communique", method="post"),
    "press:pdf": Rule(scoped_by="communique"),
    "press:minutes_pdf": Rule(scoped_by="press_meeting"),
    "press:comments": Rule(),
    "press:comment_moderate": Rule(scoped_by="comment", method="post", kwargs=(("decision", "approve"),)),
    # The public news site: published communiqués only ("inside"); drafts and withdrawn ones are 404.
    "news:list": Rule(public=True),
    "news:rss": Rule(public=True),
    "news:atom": Rule(public=True),
    "news:language": Rule(public=True, method="post"),
    "news:territory": Rule(public=True, scoped_by="public_territory"),
    "news:territory_rss": Rule(public=True, scoped_by="public_territory"),
    "news:territory_atom": Rule(public=True, scoped_by="public_territory"),
    "news:organ": Rule(public=True, scoped_by="public_organ"),
    "news:detail": Rule(public=True, scoped_by="public_communique"),
    "news:comment": Rule(public=True, scoped_by="public_communique", method="post"),
    # Elections: the roster is scoped by the body's territory or the constituency; calls by the
    # constituency or the responsible organ (committee members and the arbitration committee see
    # theirs wherever they are); scores stay hidden outside the committee until the decision.
    "elections:roster": Rule(),
    "elections:body": Rule(scoped_by="body"),
    "elections:term_new": Rule(needs_scope=True),
    "elections:term_end": Rule(scoped_by="term", method="post"),
    "elections:incompatibilities": Rule(),
    "elections:incompatibility_add": Rule(national_only=True, method="post"),
    "elections:calls": Rule(),
    "elections:call_new": Rule(needs_scope=True),
    "elections:call": Rule(scoped_by="call"),
    "elections:call_setup": Rule(scoped_by="call", method="post", kwargs=(("what", "criterion"),)),
    "elections:decide": Rule(scoped_by="call", method="post"),
    "elections:applicant": Rule(scoped_by="applicant"),
    "elections:applicant_file": Rule(scoped_by="applicant", missing_ok=True),
    "elections:conflict": Rule(scoped_by="applicant", method="post"),
    "elections:score": Rule(scoped_by="applicant", method="post"),
    "elections:appeal": Rule(scoped_by="applicant", method="post"),
    "elections:appeal_rule": Rule(scoped_by="appeal", method="post"),
    "elections:registration": Rule(),
    "elections:my_registration": Rule(),
    "elections:registration_period": Rule(national_only=True, method="post"),
    "elections:registration_unit": Rule(scoped_by="territory"),
    "elections:registration_target": Rule(scoped_by="territory", method="post"),
    "elections:registration_record": Rule(scoped_by="territory", method="post"),
    # Oversight: dashboards and scorecards of units inside the scope only (the region above a province
    # is a 404: other secretaries' figures); surveys scoped by their organ; answering needs to be a
    # member or office holder of the survey's organ (anyone else, national admins included: 404).
    "oversight:home": Rule(),
    "oversight:dashboard": Rule(scoped_by="territory"),
    "oversight:export": Rule(scoped_by="territory", kwargs=(("fmt", "pdf"),)),
    "oversight:scorecard": Rule(scoped_by="territory"),
    "oversight:settings": Rule(national_only=True),
    "oversight:surveys": Rule(),
    "oversight:survey_new": Rule(scoped_by="organ"),
    "oversight:survey": Rule(scoped_by="survey"),
    "oversight:survey_export": Rule(scoped_by="survey", kwargs=(("fmt", "csv"),)),
    "oversight:survey_close": Rule(scoped_by="survey", method="post"),
    "oversight:mine": Rule(),
    "oversight:answer": Rule(scoped_by="survey_answer"),
    # Citizens' files: scoped by the organ that took the file (and the organs above it); the assigned
    # parliamentarian sees his files too. The public form and the private follow link need no login
    # (a wrong or unknown token is a 404, rate-limited).
    "casework:board": Rule(),
    "casework:export": Rule(),
    "casework:new": Rule(needs_scope=True),
    "casework:organ_board": Rule(scoped_by="organ"),
    "casework:parliamentarian_board": Rule(scoped_by="person"),
    "casework:detail": Rule(scoped_by="casefile"),
    "casework:step": Rule(scoped_by="casefile", method="post"),
    "casework:link": Rule(scoped_by="casefile", method="post"),
    "casework:attachment": Rule(scoped_by="casefile_attachment", missing_ok=True),
    "doleances:form": Rule(public=True),
    "doleances:follow": Rule(public=True, scoped_by="follow_token"),
    # Ethics complaints: NOT territorial — only the committee's members and the parties; everyone
    # else gets a 404, national admins included (they see counts on the list page).
    "ethics:list": Rule(),
    "ethics:new": Rule(),
    "ethics:detail": Rule(scoped_by="complaint"),
    "ethics:hearing": Rule(scoped_by="complaint", method="post"),
    "ethics:decide": Rule(scoped_by="complaint", method="post"),
    "ethics:appeal": Rule(scoped_by="complaint", method="post"),
    # Premises: scoped by the organ of the premises; "mine" shows a member his local premises.
    "premises:list": Rule(),
    "premises:mine": Rule(),
    "premises:new": Rule(scoped_by="organ"),
    "premises:detail": Rule(scoped_by="premises"),
    "premises:edit": Rule(scoped_by="premises", method="post"),
    "premises:need": Rule(scoped_by="premises", method="post"),
    "premises:need_status": Rule(scoped_by="premises_need", method="post"),
}

# API operations by (method, path template as in the OpenAPI schema).
API: dict[tuple[str, str], Rule] = {
    ("get", "/api/territories"): Rule(),
    ("get", "/api/territories/{code}"): Rule(scoped_by="territory"),
    ("get", "/api/organs"): Rule(),
    ("get", "/api/organs/{organ_id}"): Rule(scoped_by="organ"),
    ("get", "/api/mandates"): Rule(),
    ("get", "/api/members"): Rule(),
    ("get", "/api/members/{membership_id}"): Rule(scoped_by="member"),
    # Meetings and directives: same scope as the pages.
    ("get", "/api/meetings"): Rule(),
    ("get", "/api/meetings/{meeting_id}"): Rule(scoped_by="meeting"),
    ("get", "/api/directives"): Rule(),
    ("get", "/api/directives/{directive_id}"): Rule(scoped_by="directive"),
    # Communiqués: public, published ones only (a draft or withdrawn one is a 404 for everyone).
    ("get", "/api/communiques"): Rule(public=True),
    ("get", "/api/communiques/{communique_id}"): Rule(public=True, scoped_by="public_communique"),
}

# Routes that are not the product's UI: Django's admin (superusers only) and the API's own docs.
OUTSIDE_THE_MATRIX_NAMESPACES = {"admin", "api"}

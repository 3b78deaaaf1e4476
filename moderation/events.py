"""What moderation tells other apps (notifications) after a decision commits.

Sent with transaction.on_commit from moderation.actions and moderation.services;
receivers connect in their AppConfig.ready(), and moderation never imports them.
"""

from django.dispatch import Signal

# post_id, moderator_id: a moderator hid a post (its author may be told).
post_hidden_by_moderator = Signal()
# report_ids, post_id, reporter_ids, moderator_id, outcome ("actioned" or "dismissed"):
# a moderator closed the open reports on a post.
report_resolved = Signal()
# verification_id, applicant_id, approved (bool): a clinician verification request was
# approved or rejected.
verification_decided = Signal()
# report_id, post_id, reason: a member reported a post (moderators may need to know now).
report_filed = Signal()
# report_id, reason: a member reported a private message they received.
message_reported = Signal()
# user_id, letter (which: "verification_approved", "clinician_revoked"…), reason, details,
# review_due (an ISO date or ""): a member must be written to about a decision.
member_letter = Signal()
# warning_id, member_id, post_id (or None): a moderator warned a member.
member_warned = Signal()
# outreach_id, member_id, post_id: the moderators sent a member a caring message (its
# words and help lines are on the Outreach row; the post's words are never sent).
member_reached = Signal()

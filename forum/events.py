"""What the forum tells higher apps (notifications, moderation) after a write commits.

Receivers connect in their AppConfig.ready(); the forum never imports them.
"""

from django.dispatch import Signal

# post_id: the new post (an opening post or a reply); mentioned: ids of members @mentioned.
post_created = Signal()
# post_id: the edited post; mentioned: ids of members @mentioned in the new text;
# editor_id: who saved it (a moderator editing someone else's post is logged).
post_edited = Signal()
# post_id, user_id: a member thanked a post (its author may be told).
post_thanked = Signal()
# user_id, thread_id, number: a member was just shown a discussion up to post `number`
# for the first time (forum.readstate); sent in the request, only when their read
# position moved forward.
posts_read = Signal()
# post_id, user_id, kind: a member reacted to a post ("me_too", "support").
post_reacted = Signal()
# post_id: the post its author withdrew; post_ids: every post withdrawn with it (the
# author's own replies, when the whole discussion went); thread_id, author_id;
# whole_discussion: the discussion itself is gone.
post_withdrawn = Signal()
# post_id: a post whose writer was shown crisis support before posting (forum.crisis);
# published: they posted it anyway (False: they sent it to the moderators only, held).
crisis_flagged = Signal()
# note_id, post_id, editor_id: a verified clinician added a note under a post (created)
# or its clinician or a moderator changed it; flags_answered: the open flags it answered.
clinician_note_saved = Signal()
# post_id, clinician_id, reason, count: a clinician answered a post's open inaccuracy
# flags without a note (the post's author is told the reason).
inaccuracy_flags_dismissed = Signal()

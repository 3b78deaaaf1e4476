"""What the conversations app announces, after its transaction commits (the
notifications app connects in its AppConfig.ready()).

message_sent: conversation_id, message_id, author_id, recipient_ids (the members in the
    conversation who did not write it and have not left).
"""

from django.dispatch import Signal

message_sent = Signal()
# user_id, conversation_id: the member read the conversation up to its last message
# (sent in the request: their unread counts must be right on the page that follows).
conversation_read = Signal()

"""What the accounts app asks of higher apps, which connect in their AppConfig.ready().

member_export: receivers return a dict of sections to add to a member's data export.
member_erasing: sent inside the erasure transaction, before the account row is deleted;
    receivers remove or anonymise what is theirs (`delete_posts` says which the member chose).
member_changed: sent after commit when staff changed a member in the admin (name, role,
    bio, active): what shows them elsewhere is out of date.
"""

from django.dispatch import Signal

member_export = Signal()  # user
member_erasing = Signal()  # user, delete_posts
member_changed = Signal()  # user_id

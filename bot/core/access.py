"""Who may do what, and where: the staff commands and staff answers, and where an enquiry is taken. No channel code:
the channel says who sent a message, in which chat, on whose behalf, and applies the verdict.

Staff are:
- anyone posting in the staff chat as themselves, or as the staff chat itself (an anonymous group admin: Telegram
  shows the group as the sender); a post sent there on behalf of another chat ("send as channel") is not, because
  any member can post as a channel of their own, and is refused plainly;
- a user listed in STAFF_USER_IDS, but only in a private chat with the bot: the staff commands show officials'
  names and e-mail addresses, which must not be posted into any other group.

Enquiries are taken only in private chats: they hold the official's name and e-mail address, the answer comes back
to the chat the enquiry came from, and in a group anyone could answer the prompts or cancel someone else's enquiry.
"""

from __future__ import annotations

import enum
from collections.abc import Collection


class Staff(enum.Enum):
    YES = "yes"
    NO = "no"
    ELSEWHERE = "elsewhere"  # a STAFF_USER_IDS user outside a private chat and the staff chat
    AS_CHANNEL = "as_channel"  # a post in the staff chat on behalf of another chat (a channel)


def staff_access(
    *,
    chat_id: int,
    private: bool,
    user_id: int | None,
    sender_chat_id: int | None,
    staff_chat_ids: Collection[int],
    staff_user_ids: Collection[int],
) -> Staff:
    """Whether a message (or button press) comes from staff; ``sender_chat_id`` is the chat it was sent on behalf of
    (None for a message sent as oneself), ``staff_chat_ids`` the staff chat's ids (more than one after Telegram
    moved the group to a new id)."""
    if chat_id in staff_chat_ids:
        return Staff.YES if sender_chat_id is None or sender_chat_id == chat_id else Staff.AS_CHANNEL
    if user_id is not None and user_id in staff_user_ids and sender_chat_id is None:
        return Staff.YES if private else Staff.ELSEWHERE
    return Staff.NO


def takes_enquiries(private: bool) -> bool:
    """An enquiry dialogue runs only in a private chat (see the module's docstring)."""
    return private

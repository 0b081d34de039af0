"""The viewer's archive body: the listing, and one member's text in its place (``escape`` goes back).

A member is read in a daemon thread with a time budget and a hard cap (the preview cap), never
written to disk (``app.core.attachments.archive_members``). A member that is not text, a folder,
a link, an encrypted member, or any member of an archive flagged as a bomb, is said in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from app.core.attachments.bounded import TooSlow, in_thread
from app.core.text.formatting import format_size
from widgets.attachments.archive_listing import ArchiveListing, member_label
from widgets.attachments.message_body import MessageBody, lines
from widgets.attachments.text_body import TextBody
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now

if TYPE_CHECKING:
    from app.core.attachments.archive_members import MemberView
    from app.core.attachments.archives import Listing, Member
    from app.core.attachments.preview import Preview


class ArchiveBody(ViewerBody):
    """An archive: its listing, or the member chosen from it."""

    DEFAULT_CSS = """
    ArchiveBody > #archive-summary { height: auto; padding: 0 1; color: $text-muted; }
    ArchiveBody > #archive-bomb { display: none; height: auto; padding: 0 1; color: $text-error; text-style: bold; }
    ArchiveBody.-bomb > #archive-bomb { display: block; }
    ArchiveBody > #archive-detail { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    ArchiveBody > #member { display: none; height: 1fr; }
    ArchiveBody > #member > #member-head { height: 1; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis; }
    ArchiveBody.-member > #member { display: block; }
    ArchiveBody.-member > #archive-summary, ArchiveBody.-member > #archive-bomb,
    ArchiveBody.-member > ArchiveListing, ArchiveBody.-member > #archive-detail { display: none; }
    """

    def __init__(self, listing: Listing, preview: Preview) -> None:
        super().__init__()
        self.listing = listing
        self._preview = preview
        self.member: Member | None = None
        """The member shown in place of the listing, if any."""
        self._member_body: ViewerBody | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(self._summary()), id="archive-summary")
        yield Static(Content(self._bomb()), id="archive-bomb")
        yield ArchiveListing(self.listing, id="archive-listing")
        yield Static(id="archive-detail")
        with Vertical(id="member"):
            yield Static(id="member-head")

    def on_mount(self) -> None:
        self.set_class(self.listing.bomb is not None, "-bomb")
        if not self.listing.members:
            self.query_one("#archive-detail", Static).update(Content("This archive is empty."))

    @property
    def table(self) -> ArchiveListing:
        """The listing."""
        return self.query_one(ArchiveListing)

    def _summary(self) -> str:
        listing = self.listing
        parts = [] if listing.label == self._preview.detected else [listing.label]  # the heading names it already
        if listing.unpacked:
            parts.append(f"unpacks to {format_size(listing.unpacked)}")
        outside = sum(1 for member in listing.members if member.outside)
        if outside:
            parts.append(f"⚠ {outside:,} outside the archive")
        encrypted = sum(1 for member in listing.members if member.encrypted)
        if encrypted:
            parts.append(f"🔒 {encrypted:,} encrypted")
        if listing.stopped and listing.stopped != listing.bomb:
            parts.append(listing.stopped)
        return " · ".join(parts)

    def _bomb(self) -> str:
        bomb = self.listing.bomb
        return f"Looks like a decompression bomb: {bomb}. Its members are not read." if bomb else ""

    # --- the listing ---------------------------------------------------------------------------

    def on_archive_listing_member_highlighted(self, event: ArchiveListing.MemberHighlighted) -> None:
        member = event.member
        notes = []
        if member.outside:
            notes.append("outside the archive (extracting it would write elsewhere)")
        if member.encrypted:
            notes.append("encrypted")
        text = member_label(member) + (f" · {' · '.join(notes)}" if notes else "")
        self.query_one("#archive-detail", Static).update(Content(text))

    def on_archive_listing_member_chosen(self, event: ArchiveListing.MemberChosen) -> None:
        self.run_worker(self._open_member(event.member), group="archive-member", exclusive=True, exit_on_error=False)

    async def _open_member(self, member: Member) -> None:
        from app.core.attachments.archive_members import MEMBER_SECONDS, view_member

        self.loading = True
        try:
            view: MemberView | None = await in_thread(
                lambda: view_member(self.listing, member, self._preview.limit),
                seconds=MEMBER_SECONDS,
                name="archive-member",
            )
            slow = None
        except TooSlow as error:
            view, slow = None, error
        finally:
            if self.is_attached:
                self.loading = False
        if self.is_attached:
            await self._show_member(member, view, slow)

    async def _show_member(self, member: Member, view: MemberView | None, slow: TooSlow | None) -> None:
        if self._member_body is not None:
            await self._member_body.remove()
        self.member = member
        head = f"{member_label(member)} · {format_size(member.size)} · escape: back to the listing"
        self.query_one("#member-head", Static).update(Content(head))
        if view is not None and view.text is not None:
            body: ViewerBody = TextBody(self._preview.redact_text(view.text))
        else:
            why = view.what if view is not None else f"Reading it took longer than {slow.seconds if slow else 0:g} s."
            body = MessageBody(
                lines(
                    Content.styled(member.name, "bold"),
                    Content(""),
                    Content(f"{why[:1].upper()}{why[1:]}."),
                    Content.styled("Escape goes back to the listing.", "$foreground-muted"),
                )
            )
        self._member_body = body
        await self.query_one("#member").mount(body)
        self.add_class("-member")
        body.focus_body()
        self.changed()

    async def _close_member(self) -> None:
        if self._member_body is not None:
            await self._member_body.remove()
        self._member_body = None
        self.member = None
        self.remove_class("-member")
        self.call_after_refresh(focus_now, self.table)  # shown again only after this refresh
        self.changed()

    def on_viewer_body_changed(self, event: ViewerBody.Changed) -> None:
        if event.body is not self:
            event.stop()
            self.changed()

    # --- what the viewer asks ----------------------------------------------------------------

    def meta(self) -> list[str]:
        parts = [self.listing.count_words()]
        if self.member is not None:
            parts.append(f"showing {member_label(self.member)[:60]}")
        return parts

    @property
    def _inner(self) -> ViewerBody | None:
        return self._member_body if self.member is not None else None

    @property
    def can_find(self) -> bool:
        return self._inner is not None and self._inner.can_find

    @property
    def can_wrap(self) -> bool:
        return self._inner is not None and self._inner.can_wrap

    @property
    def has_matches(self) -> bool:
        return self._inner is not None and self._inner.has_matches

    def find_status(self) -> str:
        return self._inner.find_status() if self._inner is not None else ""

    def search(self, query: str) -> None:
        if self._inner is not None:
            self._inner.search(query)

    def step(self, *, forward: bool) -> None:
        if self._inner is not None:
            self._inner.step(forward=forward)

    def toggle_wrap(self) -> None:
        if self._inner is not None:
            self._inner.toggle_wrap()

    def focus_body(self) -> None:
        if self._inner is not None:
            self._inner.focus_body()
        else:
            focus_now(self.table)

    def back(self) -> bool:
        if self.member is None:
            return False
        self.call_later(self._close_member)
        return True

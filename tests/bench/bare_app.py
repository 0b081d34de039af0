"""The start-up baseline: a bare Textual app with a Header, an Input and a Footer, nothing else."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

PLACEHOLDER = "Bare app: type here"


class BareApp(App[None]):
    """What any Textual app of this shape costs to start."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()

"""The ``coplaw`` command line. Each pipeline stage registers its own commands."""

from __future__ import annotations

import typer

from coplaw.assess import commands as assess_commands
from coplaw.gap import commands as gap_commands
from coplaw.questionnaire import commands as questionnaire_commands
from coplaw.report import commands as report_commands
from coplaw.standards import commands as standards_commands
from coplaw.store import commands as store_commands
from coplaw.structure import commands as structure_commands
from coplaw.terminology import commands as lint_commands
from coplaw.web import commands as web_commands

app = typer.Typer(
    name="coplaw",
    help="Assess national legislation against the international standards for protecting "
    "children from online sexual exploitation and abuse.",
    no_args_is_help=True,
    add_completion=False,
)



@app.command()
def version() -> None:
    """Print the coplaw version."""
    from coplaw import __version__

    typer.echo(__version__)


for module in (standards_commands, structure_commands, assess_commands, store_commands,
               report_commands, lint_commands, questionnaire_commands, gap_commands, web_commands):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()

"""``python -m sanctionwatch`` runs the command-line interface."""

from sanctionwatch.cli import main

main()

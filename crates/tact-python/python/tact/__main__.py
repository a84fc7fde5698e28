"""``python -m tact``: the same as the ``tact`` command."""

from tact._cli import main

main()

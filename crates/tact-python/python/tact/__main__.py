"""``python -m tact``: the same as the ``tact`` command."""

from tact._cli import main

if __name__ == "__main__":
    main()

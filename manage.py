#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    if not os.environ.get("SECRET_KEY"):
        # No configuration at all means a developer's checkout (the demo, an import, an
        # evaluation): development mode. Deployments set SECRET_KEY, and the WSGI entry
        # point never does this, so a server without a key still refuses to start.
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

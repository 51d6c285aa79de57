"""``python -m infobip_logs_spec``: the same command line as ``infobip-logs-spec``."""

import sys

from ._cli import main

sys.exit(main())

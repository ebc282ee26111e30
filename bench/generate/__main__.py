"""`python -m bench.generate`: see bench.generate."""

import sys

from bench.generate import main

sys.exit(main())

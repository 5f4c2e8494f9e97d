from kpo_desk.cli import main

raise SystemExit(main())

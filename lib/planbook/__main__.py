from planbook.cli import main

raise SystemExit(main())

"""Board packs: the PDF built for a meeting and kept as it was circulated.

A pack's life runs one way, and so do the imports, each step importing only those after it:

- request.py  board_pack_request: make the pack's row and queue its build (the meeting page's
              form, the `build_board_pack` command);
- tasks.py    board_pack_build_task: the build, run by django.tasks (at once in the embedded
              default; by `manage.py db_worker` in production);
- build.py    board_pack_build: freeze the plans' state, render document.py's HTML to PDF
              through pdf.py (WeasyPrint with a locked-down URL fetcher), writing progress;
- store.py    board_pack_store keeps the PDF and marks the pack ready; board_pack_fail marks a
              failed build. Neither touches a pack already issued;
- issue.py    board_pack_issue: circulate a built pack; from then on it never changes.

forms.py and views.py are the pack's pages on the meeting: build, preview, download, issue.
"""

"""Importing a council's existing action plan from the documents it has.

Three steps, each its own module:
- readers/: one per format (flattened text, CSV, Excel, Word, PDF). A reader turns a file's
  bytes into Tables of Rows of Cells and knows nothing of action plans.
- reading.py: the product's rules for reading a plan out of those tables (which row is the
  header, which column is which, sections, page-split rows, leads, RAG, deadlines,
  references), giving a Preview with its warnings and errors. Every format shares them.
- writing.py: the confirmed Preview written as one plan, in one transaction, audited.
"""

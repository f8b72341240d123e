"""Activities in and out of spreadsheets: what committees keep today, taken in as it is.

- `reading.read_table(data, name)`: the rows of an .xlsx or .csv file (UTF-8, UTF-16 or
  Windows-1252; comma, semicolon or tab), with the file's own row numbers. A file that
  is not a spreadsheet, is empty or is too long is refused with a message for the user;
  so is a workbook that would unpack to too much (an .xlsx is streamed, its memory
  bounded). `save_table`/`load_table` keep the rows between the import pages' steps.
- `columns`: the fields an import reads and an export writes, with the Swedish and
  English headings recognised by themselves; `columns.guess_mapping()` finds the header
  row (below any merged title rows) and maps its headings.
- `values`: Swedish numbers and dates ("1 234,50 kr", "14/3 2025"), yes/no, lists, and
  lookups that forgive case and accents and suggest the nearest name on a miss.
- `importer.run_import(...)`: checks every row through ActivityForm (the pages' rules),
  reports each problem (row, column, value, reason), and writes all rows in one
  transaction or none. The same file imported twice changes nothing.
- `exporter`: a filtered list to .xlsx or .csv in the columns the import reads, with
  text that a spreadsheet would take as a formula neutralised (samverkan.lib.exports).
"""

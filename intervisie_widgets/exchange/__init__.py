"""Data in and out: the CSV/XLSX format, import, export and demo data."""

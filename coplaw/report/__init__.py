"""report stage: what users take away, built from assessments and published editions.

- ``country``: the country report model (scores, findings with citations, gap report);
  ``chart``: its inline SVG chart.
- ``table``: the global review table (from an edition, the latest stored assessments, or a
  CSV); ``stats``: the statistics; ``compare``: what changed between two editions.
- ``regions``: UN M49 regions (``data/m49_regions.csv``); ``worldmap``: the choropleth.
- ``exports``: CSV, XLSX, JSON, HTML; ``render``: HTML to PDF and PNG.
- ``commands``: ``coplaw report country|global|map|compare``.
"""

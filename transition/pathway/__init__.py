"""The pathway engine: school years, key dates, the milestone framework and RAG ratings.

Pure functions of (facts, today). Nothing here imports Flask or the database, so the
rules can be tested on their own and reused by the web pages, calendar feeds and reports.
"""

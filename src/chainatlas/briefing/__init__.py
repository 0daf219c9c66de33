"""A cluster's or county's one-page briefing (产业集群简报), the document a bureau sends upward.

`compose` gathers it from the store (key figures with their sources, chain coverage and gaps, projects
behind schedule on a given day); `word` and `pdf` write it as .docx and PDF. It reads in Chinese, as the
documents it stands beside do.
"""

"""Help center (knowledge base): categories, sections and Markdown articles with versions, translations per
language, public pages per workspace, helpfulness votes and full-text search in every language."""

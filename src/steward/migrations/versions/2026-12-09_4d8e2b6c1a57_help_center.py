"""the help center: categories, sections, articles with versions and translations, votes, searches, and the
search index (an FTS5 table on SQLite, a GIN tsvector index on PostgreSQL; neither is described by the models)

Revision ID: 4d8e2b6c1a57
Revises: fcf2434d6305
Create Date: 2026-12-09 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4d8e2b6c1a57"
down_revision: str | None = "fcf2434d6305"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "help_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_categories_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_categories")),
    )
    with op.batch_alter_table("help_categories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_categories_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "help_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_searches_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_searches")),
    )
    with op.batch_alter_table("help_searches", schema=None) as batch_op:
        batch_op.create_index("ix_help_searches_ws_results", ["workspace_id", "results"], unique=False)

    op.create_table(
        "help_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["help_categories.id"],
            name=op.f("fk_help_sections_category_id_help_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_sections_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_sections")),
    )
    with op.batch_alter_table("help_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_sections_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_help_sections_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "help_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_version", sa.Integer(), nullable=True),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["help_sections.id"],
            name=op.f("fk_help_articles_section_id_help_sections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["help_articles.id"],
            name=op.f("fk_help_articles_source_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_articles_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_articles")),
        sa.UniqueConstraint("source_id", "language", name="uq_help_articles_source_language"),
    )
    with op.batch_alter_table("help_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_articles_section_id"), ["section_id"], unique=False)
        batch_op.create_index(
            "ix_help_articles_ws_section_status", ["workspace_id", "section_id", "status"], unique=False
        )

    op.create_table(
        "help_article_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("edited_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["help_articles.id"],
            name=op.f("fk_help_article_versions_article_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_article_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_article_versions")),
        sa.UniqueConstraint("article_id", "version", name="uq_help_article_versions"),
    )
    with op.batch_alter_table("help_article_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_help_article_versions_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "help_search_docs",
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("title_terms", sa.Text(), nullable=False),
        sa.Column("body_terms", sa.Text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["help_articles.id"],
            name=op.f("fk_help_search_docs_article_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_search_docs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_help_search_docs")),
    )
    with op.batch_alter_table("help_search_docs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_search_docs_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "help_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("visitor", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["help_articles.id"],
            name=op.f("fk_help_votes_article_id_help_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_help_votes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_votes")),
        sa.UniqueConstraint("article_id", "visitor", name="uq_help_votes_article_visitor"),
    )
    with op.batch_alter_table("help_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_help_votes_workspace_id"), ["workspace_id"], unique=False)

    # The terms are made by helpcenter.terms (CJK bigrams, stems), so both indexes only split on spaces.
    if op.get_bind().dialect.name == "postgresql":
        # Stored, so a search neither parses the terms of every matching row again nor ranks them from text.
        op.execute(
            "ALTER TABLE help_search_docs ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, body_terms), 'D')) STORED"
        )
        op.execute("CREATE INDEX ix_help_search_docs_terms ON help_search_docs USING gin (search_vector)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE help_search_fts USING fts5("
            "title_terms, body_terms, tokenize = 'unicode61 remove_diacritics 0')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS help_search_fts")
    with op.batch_alter_table("help_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_votes_workspace_id"))

    op.drop_table("help_votes")
    with op.batch_alter_table("help_search_docs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_search_docs_workspace_id"))

    op.drop_table("help_search_docs")
    with op.batch_alter_table("help_article_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_article_versions_workspace_id"))

    op.drop_table("help_article_versions")
    with op.batch_alter_table("help_articles", schema=None) as batch_op:
        batch_op.drop_index("ix_help_articles_ws_section_status")
        batch_op.drop_index(batch_op.f("ix_help_articles_section_id"))

    op.drop_table("help_articles")
    with op.batch_alter_table("help_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_sections_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_help_sections_category_id"))

    op.drop_table("help_sections")
    with op.batch_alter_table("help_searches", schema=None) as batch_op:
        batch_op.drop_index("ix_help_searches_ws_results")

    op.drop_table("help_searches")
    with op.batch_alter_table("help_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_help_categories_workspace_id"))

    op.drop_table("help_categories")

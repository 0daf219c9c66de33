"""Initial schema: taxonomies, documents, entities, claims and assignments.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_index(op.f("ix_documents_name"), "documents", ["name"])

    op.create_table(
        "industries",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["industries.code"], name=op.f("fk_industries_parent_code_industries")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_industries")),
    )
    op.create_index(op.f("ix_industries_parent_code"), "industries", ["parent_code"])

    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("functional", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["regions.code"], name=op.f("fk_regions_parent_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    op.create_index(op.f("ix_regions_name"), "regions", ["name"])
    op.create_index(op.f("ix_regions_parent_code"), "regions", ["parent_code"])

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("reporters", sa.JSON(), nullable=False),
        sa.Column("correspondents", sa.JSON(), nullable=False),
        sa.Column("photographers", sa.JSON(), nullable=False),
        sa.Column("dateline", sa.String(length=10), nullable=True),
        sa.Column("continued_on", sa.String(length=20), nullable=True),
        sa.Column("kind_of", sa.String(length=10), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text_start", sa.Integer(), nullable=False),
        sa.Column("text_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_articles_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    op.create_index(op.f("ix_articles_document_id"), "articles", ["document_id"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_entities_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    op.create_index(op.f("ix_entities_region_code"), "entities", ["region_code"])
    op.create_index("ix_entities_type_name", "entities", ["type", "name"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=12), nullable=True),
        sa.Column("metric", sa.String(length=100), nullable=True),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("qualifier", sa.String(length=10), nullable=True),
        sa.Column("period", sa.String(length=40), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=False),
        sa.Column("method_version", sa.String(length=40), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("status", sa.String(length=10), server_default="proposed", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_claims_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_claims_region_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["entities.id"], name=op.f("fk_claims_subject_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_document_id"), "claims", ["document_id"])
    op.create_index("ix_claims_region_metric", "claims", ["region_code", "metric"])
    op.create_index("ix_claims_subject_metric", "claims", ["subject_id", "metric"])

    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("recognised_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["id"], ["entities.id"], name=op.f("fk_clusters_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entities.id"], name=op.f("fk_enterprises_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
    )
    op.create_table(
        "entity_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalised", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_aliases_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_aliases")),
        sa.UniqueConstraint("entity_id", "alias", name=op.f("uq_entity_aliases_entity_id")),
    )
    op.create_index(op.f("ix_entity_aliases_entity_id"), "entity_aliases", ["entity_id"])
    op.create_index("ix_entity_aliases_normalised", "entity_aliases", ["normalised", "entity_type"])

    op.create_table(
        "platforms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["id"], ["entities.id"], name=op.f("fk_platforms_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platforms")),
    )
    op.create_table(
        "entity_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_entity_products_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_products_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_products")),
    )
    op.create_index(op.f("ix_entity_products_claim_id"), "entity_products", ["claim_id"])
    op.create_index(op.f("ix_entity_products_entity_id"), "entity_products", ["entity_id"])

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_memberships_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_memberships_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_memberships_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    op.create_index(op.f("ix_memberships_claim_id"), "memberships", ["claim_id"])
    op.create_index(op.f("ix_memberships_cluster_id"), "memberships", ["cluster_id"])
    op.create_index(op.f("ix_memberships_enterprise_id"), "memberships", ["enterprise_id"])

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("investment", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["id"], ["entities.id"], name=op.f("fk_projects_id_entities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["enterprises.id"], name=op.f("fk_projects_owner_id_enterprises")
        ),
        sa.ForeignKeyConstraint(["zone_id"], ["platforms.id"], name=op.f("fk_projects_zone_id_platforms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index(op.f("ix_projects_owner_id"), "projects", ["owner_id"])
    op.create_index(op.f("ix_projects_zone_id"), "projects", ["zone_id"])

    op.create_table(
        "supply_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("share", sa.Double(), nullable=True),
        sa.Column("qualifier", sa.String(length=10), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_supply_links_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["entities.id"],
            name=op.f("fk_supply_links_customer_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["entities.id"],
            name=op.f("fk_supply_links_supplier_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_links")),
    )
    op.create_index(op.f("ix_supply_links_claim_id"), "supply_links", ["claim_id"])
    op.create_index(op.f("ix_supply_links_customer_id"), "supply_links", ["customer_id"])
    op.create_index(op.f("ix_supply_links_supplier_id"), "supply_links", ["supplier_id"])

    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_project_events_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_events_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_events")),
    )
    op.create_index(op.f("ix_project_events_claim_id"), "project_events", ["claim_id"])
    op.create_index(op.f("ix_project_events_project_id"), "project_events", ["project_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_project_events_project_id"), table_name="project_events")
    op.drop_index(op.f("ix_project_events_claim_id"), table_name="project_events")

    op.drop_table("project_events")
    op.drop_index(op.f("ix_supply_links_supplier_id"), table_name="supply_links")
    op.drop_index(op.f("ix_supply_links_customer_id"), table_name="supply_links")
    op.drop_index(op.f("ix_supply_links_claim_id"), table_name="supply_links")

    op.drop_table("supply_links")
    op.drop_index(op.f("ix_projects_zone_id"), table_name="projects")
    op.drop_index(op.f("ix_projects_owner_id"), table_name="projects")

    op.drop_table("projects")
    op.drop_index(op.f("ix_memberships_enterprise_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_cluster_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_claim_id"), table_name="memberships")

    op.drop_table("memberships")
    op.drop_index(op.f("ix_entity_products_entity_id"), table_name="entity_products")
    op.drop_index(op.f("ix_entity_products_claim_id"), table_name="entity_products")

    op.drop_table("entity_products")
    op.drop_table("platforms")
    op.drop_index("ix_entity_aliases_normalised", table_name="entity_aliases")
    op.drop_index(op.f("ix_entity_aliases_entity_id"), table_name="entity_aliases")

    op.drop_table("entity_aliases")
    op.drop_table("enterprises")
    op.drop_table("clusters")
    op.drop_index("ix_claims_subject_metric", table_name="claims")
    op.drop_index("ix_claims_region_metric", table_name="claims")
    op.drop_index(op.f("ix_claims_document_id"), table_name="claims")

    op.drop_table("claims")
    op.drop_index("ix_entities_type_name", table_name="entities")
    op.drop_index(op.f("ix_entities_region_code"), table_name="entities")

    op.drop_table("entities")
    op.drop_index(op.f("ix_articles_document_id"), table_name="articles")

    op.drop_table("articles")
    op.drop_index(op.f("ix_regions_parent_code"), table_name="regions")
    op.drop_index(op.f("ix_regions_name"), table_name="regions")

    op.drop_table("regions")
    op.drop_index(op.f("ix_industries_parent_code"), table_name="industries")

    op.drop_table("industries")
    op.drop_index(op.f("ix_documents_name"), table_name="documents")

    op.drop_table("documents")

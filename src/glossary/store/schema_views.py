"""The reading views whose SQL more than one migration writes (store.schema): the
translation memory's match column changed in m015, so the views are made for a column."""

from __future__ import annotations


# One row per paragraph and dialect with a rendering: its own translation, or else the best
# non-alternative one of another paragraph with the same han_key (store.memory's order:
# approved > reviewed > draft, newest updated_at, newest revision).
def clause_renderings_view(key: str) -> str:
    """The view's SQL, matching 款/项 on ``key`` (han_key up to m015, then han_hash)."""
    return f"""
CREATE VIEW clause_renderings AS
WITH candidates AS (
    SELECT p.id AS paragraph_id, t.id AS translation_id, t.dialect,
           CASE WHEN s.id = p.id THEN 'own' ELSE 'carried' END AS origin,
           row_number() OVER (
               PARTITION BY p.id, t.dialect
               ORDER BY s.id = p.id DESC,
                        CASE t.status WHEN 'approved' THEN 0 WHEN 'reviewed' THEN 1 ELSE 2 END,
                        t.updated_at DESC, coalesce(r.decided_on, r.label) DESC, t.id DESC
           ) AS rank
      FROM paragraphs p
      JOIN paragraphs s ON s.id = p.id OR (s.{key} = p.{key} AND s.id != p.id)
      JOIN translations t ON t.paragraph_id = s.id AND (s.id = p.id OR t.alternative = 0)
      JOIN articles sa ON sa.id = s.article_id
      JOIN revisions r ON r.id = sa.revision_id
)
SELECT l.slug AS law,
       r.label AS revision,
       a.number AS article,
       a.sub AS article_sub,
       p.position AS paragraph,
       c.dialect,
       coalesce(p.label, '') || p.han AS han,
       t.bai,
       t.status,
       c.origin,
       sl.short_name AS source_law_name,
       sl.slug AS source_law,
       sr.label AS source_revision,
       sa.number AS source_article,
       sa.sub AS source_article_sub,
       s.position AS source_paragraph,
       t.translator,
       t.alternative,
       t.updated_at,
       p.id AS paragraph_id,
       s.id AS source_paragraph_id
  FROM candidates c
  JOIN paragraphs p ON p.id = c.paragraph_id
  JOIN articles a ON a.id = p.article_id
  JOIN revisions r ON r.id = a.revision_id
  JOIN laws l ON l.slug = r.law
  JOIN translations t ON t.id = c.translation_id
  JOIN paragraphs s ON s.id = t.paragraph_id
  JOIN articles sa ON sa.id = s.article_id
  JOIN revisions sr ON sr.id = sa.revision_id
  JOIN laws sl ON sl.slug = sr.law
 WHERE c.rank = 1;
"""


# One row per revision and dialect (bca, bfs, bfc and any other in use): its 款/项, how many
# have their own translation, how many show only a carried one (store.memory's rule: a
# non-alternative translation of another paragraph with the same han_key), and how many own
# translations are reviewed and approved (each status counted once: approved is not reviewed).
def coverage_view(key: str) -> str:
    """The view's SQL, matching 款/项 on ``key`` (han_key up to m015, then han_hash)."""
    return f"""
CREATE VIEW coverage AS
WITH dialects(dialect) AS (
    SELECT 'bca' UNION SELECT 'bfs' UNION SELECT 'bfc'
    UNION SELECT dialect FROM translations WHERE paragraph_id IS NOT NULL
),
cells AS (
    SELECT a.revision_id, d.dialect, p.id AS paragraph_id, p.{key},
           (SELECT t.status FROM translations t
             WHERE t.paragraph_id = p.id AND t.dialect = d.dialect) AS own_status
      FROM paragraphs p
      JOIN articles a ON a.id = p.article_id
     CROSS JOIN dialects d
)
SELECT l.slug AS law,
       l.short_name AS law_name,
       r.label AS revision,
       c.dialect,
       count(*) AS total,
       count(c.own_status) AS translated,
       sum(c.own_status IS NULL AND EXISTS (
           SELECT 1 FROM paragraphs s JOIN translations t ON t.paragraph_id = s.id
            WHERE s.{key} = c.{key} AND s.id != c.paragraph_id
              AND t.dialect = c.dialect AND t.alternative = 0)) AS carried,
       sum(c.own_status IS 'reviewed') AS reviewed,
       sum(c.own_status IS 'approved') AS approved,
       r.id AS revision_id
  FROM cells c
  JOIN revisions r ON r.id = c.revision_id
  JOIN laws l ON l.slug = r.law
 GROUP BY r.id, c.dialect;
"""

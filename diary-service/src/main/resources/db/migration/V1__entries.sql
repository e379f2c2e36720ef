-- Diary entries.
--
-- Full-text search configuration (Russian, Ukrainian and English diaries):
-- * PostgreSQL's built-in 'russian' configuration stems Cyrillic words with the Russian Snowball stemmer AND
--   ASCII words with the English Snowball stemmer, so one configuration covers Russian and English text, and
--   mixed entries, without knowing the entry's language.
-- * PostgreSQL ships no Ukrainian stemmer (no Snowball one, and hunspell dictionaries would have to be installed on
--   the server, which a managed or embedded PostgreSQL does not allow). The Russian stemmer leaves most Ukrainian
--   inflections alone (місто/міста/містом stay distinct). uk_light_stem below is a light suffix stripper for
--   Ukrainian noun, adjective and verb endings; its output is indexed as extra lexemes and applied to the query
--   the same way, so Ukrainian word forms meet at a common stem. It never removes the Russian/English lexemes,
--   it only adds recall.
-- * The title is weighted above the body for future ranking; pages are ordered by date, not rank, so that
--   keyset pagination stays stable.

-- Strips one Ukrainian inflectional ending (after a reflexive -ся/-сь) from every Cyrillic word, keeping a stem of
-- at least two letters; the non-greedy stem makes the longest matching ending win. Cyrillic runs over 40 letters are
-- dropped first: no inflected word is that long, and on such runs the regexes below would backtrack quadratically
-- (a 100 000-letter "word" took 12 s; bounded, the stemmer is linear, ~100 ms for a maximal 100 000-character entry).
CREATE FUNCTION uk_light_stem(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(
           regexp_replace(
             regexp_replace(lower(doc), '[а-яёіїєґ''’ʼ]{41,}', ' ', 'g'),
             '([а-яёіїєґ''’ʼ]{3,})(ся|сь)(?![а-яёіїєґ''’ʼ])', '\1', 'g'),
           '(?<![а-яёіїєґ''’ʼ])([а-яёіїєґ''’ʼ]{2,}?)(ього|ьому|ання|ення|ами|ями|ові|еві|єві|ого|ому|ими|іми|ати|яти|ити|іти|ути|уть|ють|ать|ять|ить|іть|ємо|емо|имо|їмо|ете|єте|ите|їте|ала|яла|ила|іла|али|яли|или|іли|ало|яло|ило|іло|ах|ях|ам|ям|ом|ем|єм|им|ім|их|іх|ий|ій|ої|ою|ею|єю|ів|їв|ав|яв|ив|ла|ло|ли|ти|ть|ає|яє|ує|ює|аю|яю|ую|юю|а|я|у|ю|о|е|є|і|ї|и|ь|й)(?![а-яёіїєґ''’ʼ])',
           '\1', 'g')
$$;

CREATE FUNCTION entry_search_vector(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('russian'::regconfig, coalesce(title, '')), 'A')
      || to_tsvector('russian'::regconfig, coalesce(body, ''))
      || to_tsvector('russian'::regconfig, uk_light_stem(coalesce(title, '') || ' ' || coalesce(body, '')))
$$;

-- websearch syntax for users: words, "quoted phrases", or, -excluded
CREATE FUNCTION entry_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT websearch_to_tsquery('russian'::regconfig, q) || websearch_to_tsquery('russian'::regconfig, uk_light_stem(q))
$$;

CREATE TABLE entries (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL,
    title         varchar(200),
    body          text        NOT NULL CHECK (char_length(body) <= 100000),
    mood          text        CHECK (mood IN ('awful', 'bad', 'neutral', 'good', 'great')),
    tags          text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    source        text        NOT NULL CHECK (source IN ('text', 'voice')),
    transcript_id uuid,
    language      varchar(2),
    entry_date    date        NOT NULL,
    word_count    integer     NOT NULL CHECK (word_count >= 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 0,
    search_vector tsvector    GENERATED ALWAYS AS (entry_search_vector(title, body)) STORED,
    CONSTRAINT entries_voice_has_transcript CHECK ((source = 'voice') = (transcript_id IS NOT NULL))
);

-- the list's keyset order; also serves per-user date filters and stats
CREATE INDEX entries_user_timeline_idx ON entries (user_id, entry_date DESC, created_at DESC, id DESC);
CREATE INDEX entries_search_idx ON entries USING gin (search_vector);
CREATE INDEX entries_tags_idx ON entries USING gin (tags);

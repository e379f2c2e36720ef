-- news-service: categories, feeds, news items, events, subscriptions, digests.
-- Jobs (feed refreshes, iCalendar imports, digests) live in the jobs module's table (db/jobs).

-- ---------------------------------------------------------------------------------------------------------------
-- Categories: a tree (a category and its subcategories), named in English, Russian and Ukrainian. The slug is the
-- stable identifier clients use (PUT /subscriptions/{slug}, ?category=slug).
CREATE TABLE categories (
    slug     text    PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 50),
    parent   text    REFERENCES categories (slug),
    name_en  text    NOT NULL,
    name_ru  text    NOT NULL,
    name_uk  text    NOT NULL,
    position integer NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent_idx ON categories (parent);

-- A category and everything below it: a filter on a category includes its subcategories.
CREATE FUNCTION category_and_descendants(root text) RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  WITH RECURSIVE tree(slug) AS (
      SELECT slug FROM categories WHERE slug = root
      UNION ALL
      SELECT c.slug FROM categories c JOIN tree t ON c.parent = t.slug)
  SELECT slug FROM tree
$$;

INSERT INTO categories (slug, parent, name_en, name_ru, name_uk, position) VALUES
    ('world',         NULL,         'World',              'В мире',               'У світі',             10),
    ('politics',      NULL,         'Politics',           'Политика',             'Політика',            20),
    ('elections',     'politics',   'Elections',          'Выборы',               'Вибори',              21),
    ('economy',       NULL,         'Economy',            'Экономика',            'Економіка',           30),
    ('business',      'economy',    'Business',           'Бизнес',               'Бізнес',              31),
    ('finance',       'economy',    'Finance & markets',  'Финансы и рынки',      'Фінанси та ринки',    32),
    ('energy',        'economy',    'Energy',             'Энергетика',           'Енергетика',          33),
    ('technology',    NULL,         'Technology',         'Технологии',           'Технології',          40),
    ('ai',            'technology', 'Artificial intelligence', 'Искусственный интеллект', 'Штучний інтелект', 41),
    ('gadgets',       'technology', 'Gadgets',            'Гаджеты',              'Гаджети',             42),
    ('software',      'technology', 'Software',           'Программы',            'Програмне забезпечення', 43),
    ('science',       NULL,         'Science',            'Наука',                'Наука',               50),
    ('space',         'science',    'Space',              'Космос',               'Космос',              51),
    ('health',        NULL,         'Health',             'Здоровье',             'Здоров''я',           60),
    ('sports',        NULL,         'Sports',             'Спорт',                'Спорт',               70),
    ('football',      'sports',     'Football',           'Футбол',               'Футбол',              71),
    ('hockey',        'sports',     'Hockey',             'Хоккей',               'Хокей',               72),
    ('culture',       NULL,         'Culture',            'Культура',             'Культура',            80),
    ('movies',        'culture',    'Movies & TV',        'Кино и сериалы',       'Кіно та серіали',     81),
    ('music',         'culture',    'Music',              'Музыка',               'Музика',              82),
    ('books',         'culture',    'Books',              'Книги',                'Книжки',              83),
    ('local',         NULL,         'Local',              'Город',                'Місто',               90),
    ('events',        'local',      'Events & leisure',   'События и досуг',      'Події та дозвілля',   91),
    ('weather',       'local',      'Weather',            'Погода',               'Погода',              92);

-- ---------------------------------------------------------------------------------------------------------------
-- Full-text search: the same approach as diary entries (see diary-service V1): the 'russian' configuration stems
-- Russian and English words, a light Ukrainian suffix stripper adds Ukrainian stems as extra lexemes.
CREATE FUNCTION uk_light_stem(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(
           regexp_replace(
             regexp_replace(lower(doc), '[а-яёіїєґ''’ʼ]{41,}', ' ', 'g'),
             '([а-яёіїєґ''’ʼ]{3,})(ся|сь)(?![а-яёіїєґ''’ʼ])', '\1', 'g'),
           '(?<![а-яёіїєґ''’ʼ])([а-яёіїєґ''’ʼ]{2,}?)(ього|ьому|ання|ення|ами|ями|ові|еві|єві|ого|ому|ими|іми|ати|яти|ити|іти|ути|уть|ють|ать|ять|ить|іть|ємо|емо|имо|їмо|ете|єте|ите|їте|ала|яла|ила|іла|али|яли|или|іли|ало|яло|ило|іло|ах|ях|ам|ям|ом|ем|єм|им|ім|их|іх|ий|ій|ої|ою|ею|єю|ів|їв|ав|яв|ив|ла|ло|ли|ти|ть|ає|яє|ує|ює|аю|яю|ую|юю|а|я|у|ю|о|е|є|і|ї|и|ь|й)(?![а-яёіїєґ''’ʼ])',
           '\1', 'g')
$$;

-- The Ukrainian stems are added only for Ukrainian text, or text of unknown language: the stripper's regular
-- expressions cost ~0.3 ms per item (most of an item's insert), and Russian or English items do not need them.
CREATE FUNCTION news_search_vector(title text, body text, language text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('russian'::regconfig, coalesce(title, '')), 'A')
      || to_tsvector('russian'::regconfig, coalesce(body, ''))
      || CASE WHEN language IS NULL OR language = 'uk'
              THEN to_tsvector('russian'::regconfig, uk_light_stem(coalesce(title, '') || ' ' || coalesce(body, '')))
              ELSE ''::tsvector END
$$;

-- websearch syntax: words, "quoted phrases", or, -excluded
CREATE FUNCTION news_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT websearch_to_tsquery('russian'::regconfig, q) || websearch_to_tsquery('russian'::regconfig, uk_light_stem(q))
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Feeds, and what fetching them learned. A feed is never dropped from the schedule: a failing one only backs off.
CREATE TABLE feeds (
    id              uuid        PRIMARY KEY,
    url             text        NOT NULL UNIQUE CHECK (char_length(url) <= 2000),
    title           text,
    category        text        NOT NULL REFERENCES categories (slug),
    language        varchar(2),
    enabled         boolean     NOT NULL DEFAULT true,
    etag            text,
    last_modified   text,
    body_hash       text,
    -- the refresh interval the feed itself asks for (RSS <ttl>), kept for answers without a body (304)
    ttl_seconds     integer,
    last_fetched_at timestamptz,
    last_success_at timestamptz,
    last_status     integer,
    error_count     integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_check_at   timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feeds_due_idx ON feeds (next_check_at) WHERE enabled;

-- News items, deduplicated per feed by item_key (a hash of guid, else link, else title + content).
CREATE TABLE news_items (
    id            uuid        PRIMARY KEY,
    feed_id       uuid        NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_key      text        NOT NULL,
    category      text        NOT NULL REFERENCES categories (slug),
    language      varchar(2),
    title         text        NOT NULL,
    summary       text,
    link          text,
    published_at  timestamptz NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    search_vector tsvector    GENERATED ALWAYS AS (news_search_vector(title, summary, language)) STORED,
    CONSTRAINT news_items_once_per_feed UNIQUE (feed_id, item_key)
);
-- the list's keyset order (newest first), overall and per category
CREATE INDEX news_items_timeline_idx ON news_items (published_at DESC, id DESC);
CREATE INDEX news_items_category_timeline_idx ON news_items (category, published_at DESC, id DESC);
CREATE INDEX news_items_search_idx ON news_items USING gin (search_vector);

-- ---------------------------------------------------------------------------------------------------------------
-- Events: created by operators or imported from iCalendar feeds (deduplicated by UID + recurrence id).
CREATE TABLE events (
    id            uuid        PRIMARY KEY,
    uid           text,
    recurrence_id text        NOT NULL DEFAULT '',
    source_url    text,
    title         text        NOT NULL,
    description   text,
    location      text,
    city          text,
    category      text        NOT NULL REFERENCES categories (slug),
    url           text,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz,
    time_zone     text,
    all_day       boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    search_vector tsvector    GENERATED ALWAYS AS (news_search_vector(title, coalesce(description, '') || ' ' || coalesce(location, ''), NULL)) STORED,
    CONSTRAINT events_ends_after_start CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE UNIQUE INDEX events_uid_idx ON events (uid, recurrence_id) WHERE uid IS NOT NULL;
CREATE INDEX events_upcoming_idx ON events (starts_at, id);
CREATE INDEX events_city_idx ON events (lower(city), starts_at);
CREATE INDEX events_search_idx ON events USING gin (search_vector);

-- ---------------------------------------------------------------------------------------------------------------
-- Subscriptions: which categories a user follows.
CREATE TABLE subscriptions (
    user_id    uuid        NOT NULL,
    category   text        NOT NULL REFERENCES categories (slug) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, category)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Digests: a user's request (options) and, once its job has run, the text, the engine that wrote it and the cited
-- items. The digest's id is its job's id.
CREATE TABLE digests (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    options      jsonb       NOT NULL,
    engine       text,
    content      text,
    items        jsonb,
    failure      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);
CREATE INDEX digests_user_timeline_idx ON digests (user_id, created_at DESC, id DESC);

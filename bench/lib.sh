# Shared by the benchmark scripts (sourced after ../dnevnik).

# seed_entries <database> <user id> <count>: <count> diary entries of one user over ~3 years, Cyrillic text of a
# realistic length (each page of 20 is ~21 KB of JSON), then ANALYZE
seed_entries() {
  psql -d "$1" -q -v ON_ERROR_STOP=1 -c "
    TRUNCATE entries;
    INSERT INTO entries (id, user_id, title, body, mood, tags, source, language, entry_date, word_count, created_at, updated_at)
    SELECT gen_random_uuid(), '$2', 'Day ' || i,
           'Сегодня гуляли в парке, потом читали до ночи. Запись номер ' || i || '. ' || repeat('Ещё немного слов. ', 20),
           (ARRAY['awful','bad','neutral','good','great'])[1 + i % 5], ARRAY['walks', 'tag' || (i % 10)], 'text', 'ru',
           DATE '2024-01-01' + (i % 1000), 75, TIMESTAMPTZ '2024-01-01' + i * INTERVAL '1 minute', now()
      FROM generate_series(1, $3) AS i;
    ANALYZE entries;"
}

# cpu_ticks <pid>...: CPU time (user + system, in clock ticks) the processes have used so far
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [[ -r "/proc/$pid/stat" ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  printf '%s' "$total"
}

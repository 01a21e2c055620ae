-- Writes a batch's user changes and moves the projection's checkpoint for one partition, in one
-- step, if and only if the checkpoint is still the one the batch was folded from (a second reader
-- of the partition, during a rebalance, gets 'moved' and folds again from the new one).
-- The changes come from UserChangeSet, as the SQL models write them: rows, then email claims (the
-- user who set an email last holds it), then releases (removed only if they still name the user).
--
-- Partitions are applied independently, so a claim from another partition may arrive late: each
-- index entry remembers the position of the event that claimed it (EmailEntry.PositionOf: text
-- that sorts in time order), and an older claim never displaces a newer one.
--
-- KEYS[1] checkpoints hash (partition -> feed entry id), KEYS[2] email index hash (email -> id),
-- KEYS[3] ids sorted set (all scores 0: lexicographic order), KEYS[4] claim positions hash
-- (email -> position of the claiming event), then one row hash per changed user.
-- ARGV[1] partition, ARGV[2] expected checkpoint ('' = none), ARGV[3] new checkpoint; then per
-- changed user in KEYS order: id, field count n (0 = delete the row), n values (name, value, ...),
-- and for a row kept (n > 0): the count d of fields it no longer has and their d names, then '1'
-- if the row is new (not yet in the ids set) else '0'. Only what changed is written: a row's
-- other fields, and its place in the ids set, stay as they are (one HSET per row on the hot path);
-- then the claim count c and c triples (email, id, claim position); then the release count r
-- and r pairs (email, id).
-- Returns 'ok' or {'moved', current checkpoint}.

local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return {'moved', current or ''} end

local pos = 4
for k = 5, #KEYS do
  local id, n = ARGV[pos], tonumber(ARGV[pos + 1])
  pos = pos + 2
  if n == 0 then
    redis.call('DEL', KEYS[k])
    redis.call('ZREM', KEYS[3], id)
  else
    redis.call('HSET', KEYS[k], unpack(ARGV, pos, pos + n - 1))
    pos = pos + n
    local d = tonumber(ARGV[pos])
    pos = pos + 1
    if d > 0 then
      redis.call('HDEL', KEYS[k], unpack(ARGV, pos, pos + d - 1))
      pos = pos + d
    end
    if ARGV[pos] == '1' then redis.call('ZADD', KEYS[3], 0, id) end
    pos = pos + 1
  end
end

local claims = tonumber(ARGV[pos])
pos = pos + 1
for c = 1, claims do
  local email, id, at = ARGV[pos], ARGV[pos + 1], ARGV[pos + 2]
  local held = redis.call('HGET', KEYS[4], email)
  if not held or at >= held then
    redis.call('HSET', KEYS[2], email, id)
    redis.call('HSET', KEYS[4], email, at)
  end
  pos = pos + 3
end
local releases = tonumber(ARGV[pos])
pos = pos + 1
for r = 1, releases do
  if redis.call('HGET', KEYS[2], ARGV[pos]) == ARGV[pos + 1] then redis.call('HDEL', KEYS[2], ARGV[pos]) end
  pos = pos + 2
end

redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'

-- Writes a batch of folded user rows and moves the projection's checkpoint for one partition, in
-- one step, if and only if the checkpoint is still the one the rows were folded from (a second
-- reader of the partition, during a rebalance, gets 'moved' and folds again from the new one).
--
-- KEYS[1] checkpoints hash (partition -> feed entry id), KEYS[2] email index hash (email -> id),
-- KEYS[3] ids sorted set (all scores 0: lexicographic order), then one row hash per user.
-- ARGV[1] partition, ARGV[2] expected checkpoint ('' = none), ARGV[3] new checkpoint, then per
-- user in KEYS order: id, old email ('' = none), new email ('' = none), field count n (0 = delete
-- the row), n values (name, value, ...).
-- Returns 'ok' or {'moved', current checkpoint}.

local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return {'moved', current or ''} end

local pos = 4
for k = 4, #KEYS do
  local id, old, new, n = ARGV[pos], ARGV[pos + 1], ARGV[pos + 2], tonumber(ARGV[pos + 3])
  pos = pos + 4
  if old ~= '' and old ~= new and redis.call('HGET', KEYS[2], old) == id then redis.call('HDEL', KEYS[2], old) end
  redis.call('DEL', KEYS[k])
  if n == 0 then
    redis.call('ZREM', KEYS[3], id)
  else
    redis.call('HSET', KEYS[k], unpack(ARGV, pos, pos + n - 1))
    redis.call('ZADD', KEYS[3], 0, id)
    -- The log decides: the user who set an email last holds it in the index.
    if new ~= '' then redis.call('HSET', KEYS[2], new, id) end
  end
  pos = pos + n
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'

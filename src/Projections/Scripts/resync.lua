-- Appends a `_resync` marker for one stream to its partition feed, if and only if the stream still
-- ends at the entry the caller saw: `projections repair-feed` read the stream and found entries
-- the feed does not refer to (another program's plain XADD). If the stream moved on meanwhile,
-- nothing is written: the writer of the newer entry verified it (the grain does), or a later run
-- sees it. One script, so the marker never names an entry that is no longer the last one.
--
-- KEYS[1] the stream, KEYS[2] its partition's feed. ARGV[1] the id of the stream's last entry as
-- the caller saw it.
-- The marker has the four fields of every feed entry: _stream, _id (that entry), _version (its
-- _version, '0' if it has none that reads as a number), type '_resync'.
-- Returns {'ok', the marker's feed entry id} | {'moved', the stream's last entry id, '' for none}.

local stream, feed, seen = KEYS[1], KEYS[2], ARGV[1]
local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
if #last == 0 then return {'moved', ''} end
if last[1][1] ~= seen then return {'moved', last[1][1]} end
local version = '0'
local fields = last[1][2]
for i = 1, #fields, 2 do
  if fields[i] == '_version' and string.match(fields[i + 1], '^%d+$') then version = fields[i + 1] end
end
local id = redis.call('XADD', feed, '*', '_stream', stream, '_id', seen, '_version', version, 'type', '_resync')
return {'ok', id}

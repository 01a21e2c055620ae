-- Clears one aggregate's log: deletes its stream and its snapshot, and leaves a marker in the
-- partition feed so readers of the feed (projections) can drop what they derived from the stream.
-- One script, so a reader never sees the stream gone without the marker, nor the other way round.
--
-- KEYS: the stream, its snapshot, its partition's feed.
-- ARGV[1] feed MAXLEN ~ (0 = unbounded).
-- The marker: _stream, _id (the id of the last entry cleared, '0-0' for none), _version (the
-- version cleared, 0 for none), type '_cleared'. Returns {_id, _version} of the marker.

local stream, snapshot, feed = KEYS[1], KEYS[2], KEYS[3]
local maxlen = tonumber(ARGV[1])
local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
local id, version = '0-0', '0'
if #last > 0 then
  id = last[1][1]
  local fields = last[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == '_version' then version = fields[i + 1] end
  end
end
redis.call('DEL', stream, snapshot)
if maxlen > 0 then
  redis.call('XADD', feed, 'MAXLEN', '~', maxlen, '*', '_stream', stream, '_id', id, '_version', version, 'type', '_cleared')
else
  redis.call('XADD', feed, '*', '_stream', stream, '_id', id, '_version', version, 'type', '_cleared')
end
return {id, version}

-- Releases a reservation that never settled (the exchange failed before a usage record existed).
-- KEYS: per counter: counter hash, reservation zset; then one hash per bucket; then this call's once key.
-- ARGV: counters, buckets, now, member, reserved amount, per bucket: capacity, tokens to give back; then the once
--       key's lifetime (ms).
-- The counters give back only a reservation they hold, but buckets cannot tell: the once key makes a retry after a
-- timeout (ADR 0079) give nothing back twice.
local once = KEYS[#KEYS]
if redis.call('EXISTS', once) == 1 then return 1 end
local nc, nb = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = tonumber(ARGV[3])
for i = 1, nc do
  if redis.call('ZREM', KEYS[(i - 1) * 2 + 2], ARGV[4]) == 1 then
    redis.call('HINCRBY', KEYS[(i - 1) * 2 + 1], 'reserved', '-' .. ARGV[5])
  end
end
for j = 1, nb do
  local k = KEYS[nc * 2 + j]
  local cap, give = tonumber(ARGV[5 + (j - 1) * 2 + 1]), tonumber(ARGV[5 + (j - 1) * 2 + 2])
  local v = redis.call('HMGET', k, 'tokens', 'at')
  if v[1] and give ~= 0 then
    local t = math.min(cap, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * cap / 60000 + give)
    redis.call('HSET', k, 'tokens', string.format('%.6f', t), 'at', string.format('%.0f', now))
  end
end
redis.call('SET', once, '1', 'PX', ARGV[#ARGV])
return 1

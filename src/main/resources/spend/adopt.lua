-- Holds a reservation in flight again after its counters were lost (a new generation): once per member.
-- KEYS: per counter: counter hash, reservation zset. ARGV: member, amount, reservation expiry, per counter: expire at.
local member, amount, expiresAt = ARGV[1], ARGV[2], ARGV[3]
for i = 1, #KEYS / 2 do
  local c, z = KEYS[(i - 1) * 2 + 1], KEYS[(i - 1) * 2 + 2]
  if redis.call('ZADD', z, 'NX', expiresAt, member) == 1 then
    redis.call('HINCRBY', c, 'reserved', amount)
  end
  redis.call('PEXPIREAT', c, ARGV[3 + i])
  redis.call('PEXPIREAT', z, ARGV[3 + i])
end
return 1

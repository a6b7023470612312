-- Adds the ledger's spend to a budget's counters and marks it seeded, unless settlements were journalled
-- meanwhile (then the caller recomputes). KEYS: seed state, journal, then one counter hash per subject.
-- ARGV: journal length seen, expire at, then per counter: spend to add, exceeded at (0 for none).
local state = redis.call('GET', KEYS[1])
if state == 'seeded' then return 0 end
if state ~= 'seeding' or redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[1]) then return -1 end
for i = 3, #KEYS do
  local add, exc = ARGV[3 + (i - 3) * 2], ARGV[4 + (i - 3) * 2]
  redis.call('HINCRBY', KEYS[i], 'spent', add)
  if exc ~= '0' then redis.call('HSETNX', KEYS[i], 'exceeded_at', exc) end
  redis.call('PEXPIREAT', KEYS[i], ARGV[2])
end
redis.call('SET', KEYS[1], 'seeded')
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
return 1

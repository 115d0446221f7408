-- An item from the hub is done with: applied, or recorded as a problem. The
-- mark only moves forward, so a late replay of an older item changes nothing.
UPDATE sync_state SET down_through = max(down_through, ?1) WHERE id = 1

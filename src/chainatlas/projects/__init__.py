"""Projects over their whole life: stages, timeliness, roll-ups and the service desk (pure logic)."""

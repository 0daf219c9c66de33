"""Analytics: pure numpy measures over region × activity matrices (specialisation, relatedness, complexity)."""

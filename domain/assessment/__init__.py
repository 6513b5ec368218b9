"""Assessment and pay: rules, patrols, ratings, rankings, pay sheets, letters and rewarded reports."""

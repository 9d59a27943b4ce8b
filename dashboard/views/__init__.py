"""Views: pure functions of (events DataFrame, ViewState) that return folium, Altair or pandas objects."""

"""The support plan of a case: goals and actions per life domain, with their owners, due dates and reviews."""

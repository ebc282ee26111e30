"""The prison pathway of a case: custody status, the Criminal Sanctions Agency contact, release and handover."""

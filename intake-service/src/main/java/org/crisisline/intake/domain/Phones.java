package org.crisisline.intake.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.regex.Pattern;

/** E.164 phone numbers: the exact form, and a number libphonenumber considers valid. */
public final class Phones {
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private Phones() {}

  public static boolean isE164(String s) {
    if (s == null || !E164.matcher(s).matches()) {
      return false;
    }
    try {
      return UTIL.isValidNumber(UTIL.parse(s, null));
    } catch (NumberParseException e) {
      return false;
    }
  }
}

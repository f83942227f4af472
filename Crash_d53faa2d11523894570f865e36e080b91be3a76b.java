import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_d53faa2d11523894570f865e36e080b91be3a76b {
    static final String base64Bytes = String.join("", "RyBFL3J1Zf//////////////AAAAAAAAAHN0YXJzZXJUOv//////////////////AAAAAAAAAAA6Ly8AAAAAAAAA//////////////////9ydWVzdGFyc2VyVDr//////////////////wAAAAAAAAAAAAAAAAAAAP///////////////////////////////////////////////////////////y8vYTdIVFRQLzUu/////////////////////wAAAAAAAAAAOi8vAAAAAAAAAP//////////////////cnVlc3RhcnNlclQ6//////////////////99fX0A//////////////////8vL2E/SFRUUC8xLjEPCg0K");

    public static void main(String[] args) throws Throwable {
        Crash_d53faa2d11523894570f865e36e080b91be3a76b.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.weft.http.internal.codec.HttpCodecFuzzTarget.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.weft.http.internal.codec.HttpCodecFuzzTarget.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        dev.weft.http.internal.codec.HttpCodecFuzzTarget.fuzzerTestOneInput(input);
    }
}